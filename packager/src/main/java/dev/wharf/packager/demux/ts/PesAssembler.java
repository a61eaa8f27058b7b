package dev.wharf.packager.demux.ts;

/**
 * PES packet reassembly for one PID (ISO/IEC 13818-1 2.4.3.6/2.4.3.7): gathers the header, reads PTS/DTS, and
 * copies the payload of each transport packet once into a buffer that is handed to the {@link EsParser} whole.
 *
 * <p>A PES ends at the next {@code payload_unit_start_indicator}, when {@code PES_packet_length} bytes have
 * arrived, or at {@link #flush()}. Unbounded PES packets ({@code PES_packet_length} 0, the norm for video) get a
 * buffer sized from the previous PES of the PID plus a quarter, grown by doubling when that is not enough. Lost
 * packets ({@link #lose()}) drop the PES being gathered; garbage (no start code prefix, bad marker bits) drops it
 * too. Nothing here throws on bad input.
 */
final class PesAssembler {

    private static final int MIN_BUFFER = 4096;
    /** 6-byte prefix, 3 flag/length bytes, up to 255 bytes of PES_header_data. */
    private final byte[] header = new byte[9 + 255];

    private final EsParser es;
    private final PtsUnwrapper clock;
    private final int headroom;

    private boolean inPes;
    private int headerLen;
    private int headerNeed;
    private int payloadExpected; // -1: unbounded
    private long pts;
    private long dts;
    private byte[] buf;
    private int len; // payload bytes in buf after headroom
    private int lastPayload;
    private int droppedPes;

    PesAssembler(EsParser es, PtsUnwrapper clock) {
        this.es = es;
        this.clock = clock;
        this.headroom = es.headroom();
    }

    int droppedPes() {
        return droppedPes;
    }

    /** One transport packet's payload {@code data[pos, end)}. */
    void payload(byte[] data, int pos, int end, boolean unitStart) {
        if (unitStart) {
            finish();
            inPes = true;
            headerLen = 0;
            headerNeed = 6;
            buf = null;
            len = 0;
        } else if (!inPes) {
            return; // the tail of a PES we did not see start, or one we dropped
        }
        while (pos < end && inPes && buf == null) {
            int n = Math.min(end - pos, headerNeed - headerLen);
            System.arraycopy(data, pos, header, headerLen, n);
            headerLen += n;
            pos += n;
            if (headerLen == headerNeed && !headerStep()) {
                drop();
                return;
            }
        }
        if (pos < end && buf != null) {
            append(data, pos, end - pos);
        }
    }

    /** A packet of this PID was lost (continuity error): the PES being gathered is incomplete. */
    void lose() {
        if (inPes) {
            drop();
        }
    }

    /** End of input: a PES with unbounded length is complete now; a bounded one that is short is dropped. */
    void flush() {
        finish();
        es.flush();
    }

    /** Header bytes up to {@code headerNeed} are in; returns false when this is not a PES header. */
    private boolean headerStep() {
        if (headerNeed == 6) {
            if (header[0] != 0 || header[1] != 0 || header[2] != 1) {
                return false;
            }
            int pesLength = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            payloadExpected = pesLength == 0 ? -1 : pesLength;
            if (hasNoOptionalHeader(header[3] & 0xFF)) {
                pts = -1;
                dts = -1;
                startPayload();
                return true;
            }
            headerNeed = 9;
            return true;
        }
        if (headerNeed == 9) {
            if ((header[6] & 0xC0) != 0x80) {
                return false;
            }
            headerNeed = 9 + (header[8] & 0xFF);
            if (payloadExpected >= 0) {
                payloadExpected -= 3 + (header[8] & 0xFF);
                if (payloadExpected < 0) {
                    return false;
                }
            }
            if (headerNeed > 9) {
                return true;
            }
        }
        int flags = (header[7] & 0xFF) >>> 6; // PTS_DTS_flags
        int dataLength = header[8] & 0xFF;
        pts = -1;
        dts = -1;
        if (flags >= 2 && dataLength >= 5 && markersOk(9)) {
            pts = clock.unwrap(timestamp(9));
            dts = pts;
            if (flags == 3 && dataLength >= 10 && markersOk(14)) {
                dts = clock.unwrap(timestamp(14));
            }
        }
        startPayload();
        return true;
    }

    private void startPayload() {
        if (payloadExpected == 0) {
            inPes = false; // an empty PES: nothing to hand on
            return;
        }
        int size = payloadExpected > 0 ? payloadExpected : Math.max(MIN_BUFFER, lastPayload + (lastPayload >> 2));
        buf = new byte[headroom + size];
        len = 0;
    }

    private void append(byte[] data, int pos, int n) {
        if (payloadExpected > 0 && len + n > payloadExpected) {
            n = payloadExpected - len; // stuffing or garbage after a bounded PES
        }
        int need = headroom + len + n;
        if (need > buf.length) {
            byte[] bigger = new byte[Math.max(need, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, headroom + len);
            buf = bigger;
        }
        System.arraycopy(data, pos, buf, headroom + len, n);
        len += n;
        if (payloadExpected > 0 && len == payloadExpected) {
            finish();
        }
    }

    private void finish() {
        if (!inPes) {
            return;
        }
        inPes = false;
        if (buf == null || (payloadExpected > 0 && len < payloadExpected)) {
            if (buf != null || headerLen > 0) {
                droppedPes++;
            }
            buf = null;
            return;
        }
        byte[] b = buf;
        buf = null;
        lastPayload = len;
        es.pes(b, headroom, len, pts, dts);
    }

    private void drop() {
        inPes = false;
        buf = null;
        droppedPes++;
    }

    /** The 33-bit value of a PTS or DTS field (2.4.3.7: 3 + 15 + 15 bits, each followed by a marker bit). */
    private long timestamp(int at) {
        return ((long) (header[at] & 0x0E) << 29) | ((header[at + 1] & 0xFF) << 22)
                | ((header[at + 2] & 0xFE) << 14) | ((header[at + 3] & 0xFF) << 7) | ((header[at + 4] & 0xFF) >>> 1);
    }

    private boolean markersOk(int at) {
        return (header[at] & 1) == 1 && (header[at + 2] & 1) == 1 && (header[at + 4] & 1) == 1;
    }

    /** Stream ids of Table 2-22 whose PES packets have no optional PES header. */
    private static boolean hasNoOptionalHeader(int streamId) {
        return switch (streamId) {
            case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> true;
            default -> false;
        };
    }
}
