package dev.wharf.packager.media;

/**
 * Per-PID state while probing: PES header reassembly (ISO/IEC 13818-1 2.4.3.6, 2.4.3.7) and just enough
 * elementary-stream scanning to find parameter sets, audio headers and the first picture of each PES.
 * Buffers are allocated lazily and only while still needed.
 */
final class ElementaryStream {

    /** PES bytes kept for the header: 6-byte prefix, 3 flag/length bytes and the 5-byte PTS. */
    private static final int PES_HEADER_KEEP = 14;
    /** Audio bytes gathered at the start of a PES before trying the header parsers. */
    private static final int AUDIO_PROBE_BYTES = 512;
    private static final long PTS_MODULUS = 1L << 33;

    final PsiParser.EsEntry entry;
    final StreamTypes.Classified type;
    final boolean primary;
    private final boolean video;

    // Results.
    AvcSps avcSps;
    HevcSps hevcSps;
    private double hevcVpsFrameRate;
    AudioFormat audio;
    long firstPts = -1;
    long lastPts = -1;
    private long prevRawPts = -1;
    int pesCount;
    int keyframes;
    /** -1 undecided, 0 no, 1 yes. */
    int startsWithKeyframe = -1;
    private boolean payloadBeforeFirstPes;

    // PES header state.
    private boolean inPes;
    private final byte[] header = new byte[PES_HEADER_KEEP];
    private int pesPos;
    private int headerEnd;
    private boolean esDone;
    private boolean pesBroken;

    // NAL scanning state.
    private int zeros;
    private boolean expectNalHeader;
    private byte[] nalBuf;
    private int nalLen;
    private boolean collecting;

    // SEI gathering (primary video only), for closed captions.
    private static final int MAX_SEI_BYTES = 4096;
    private CaptionDataParser captions;
    private byte[] seiBuf;
    private int seiLen;
    private boolean seiCollecting;

    // Audio probe state.
    private byte[] audioBuf;
    private int audioLen;

    ElementaryStream(PsiParser.EsEntry entry, StreamTypes.Classified type, boolean primary) {
        this.entry = entry;
        this.type = type;
        this.primary = primary;
        this.video = type.syntax() == StreamTypes.Syntax.H264 || type.syntax() == StreamTypes.Syntax.HEVC;
    }

    /** Whether payloads of this PID need looking at at all. */
    boolean interested() {
        return primary || !paramsKnown();
    }

    private boolean paramsKnown() {
        return switch (type.syntax()) {
            case H264 -> avcSps != null;
            case HEVC -> hevcSps != null;
            case ADTS, LATM, AC3, MPEG_AUDIO -> audio != null;
            case NONE -> true;
        };
    }

    /** One packet's payload {@code [pos, end)} for this PID. */
    void payload(byte[] data, int pos, int end, boolean unitStart) {
        if (unitStart) {
            endPes();
            inPes = true;
            pesBroken = false;
            pesPos = 0;
            headerEnd = -1;
            esDone = false;
            pesCount++;
            if (primary && !video && pesCount == 1) {
                startsWithKeyframe = payloadBeforeFirstPes ? 0 : 1;
            }
        } else if (!inPes) {
            if (pesCount == 0) {
                payloadBeforeFirstPes = true;
            }
            return;
        }
        if (pesBroken) {
            return;
        }
        while (pos < end && (headerEnd < 0 || pesPos < headerEnd)) {
            if (pesPos < PES_HEADER_KEEP) {
                header[pesPos] = data[pos];
            }
            pesPos++;
            pos++;
            if (pesPos == 6) {
                if (header[0] != 0 || header[1] != 0 || header[2] != 1) {
                    pesBroken = true; // no packet_start_code_prefix
                    return;
                }
                if (hasNoOptionalHeader(header[3] & 0xFF)) {
                    headerEnd = 6;
                }
            } else if (pesPos == 9 && headerEnd < 0) {
                if ((header[6] & 0xC0) != 0x80) {
                    pesBroken = true; // not the '10' marker of the optional PES header
                    return;
                }
                headerEnd = 9 + (header[8] & 0xFF);
            }
            if (pesPos == headerEnd) {
                pesHeaderDone();
            }
        }
        if (pos < end && !esDone && headerEnd >= 0) {
            elementaryData(data, pos, end);
        }
    }

    /** Stream ids of Table 2-22 whose PES packets have no optional PES header (2.4.3.7). */
    private static boolean hasNoOptionalHeader(int streamId) {
        return switch (streamId) {
            case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> true;
            default -> false;
        };
    }

    private void pesHeaderDone() {
        if (headerEnd < 14 || (header[7] & 0x80) == 0) { // PTS_DTS_flags '1x'
            return;
        }
        long pts = ((long) (header[9] & 0x0E) << 29) | ((header[10] & 0xFF) << 22) | ((header[11] & 0xFE) << 14)
                | ((header[12] & 0xFF) << 7) | ((header[13] & 0xFF) >>> 1);
        if (firstPts < 0) {
            firstPts = pts;
            lastPts = pts;
        } else {
            long delta = Math.floorMod(pts - prevRawPts, PTS_MODULUS);
            if (delta >= PTS_MODULUS / 2) {
                delta -= PTS_MODULUS;
            }
            lastPts += delta;
        }
        prevRawPts = pts;
    }

    private void elementaryData(byte[] data, int pos, int end) {
        if (video) {
            scanNals(data, pos, end);
        } else if (audio == null && type.syntax() != StreamTypes.Syntax.NONE) {
            if (audioBuf == null) {
                audioBuf = new byte[AUDIO_PROBE_BYTES];
            }
            int n = Math.min(end - pos, audioBuf.length - audioLen);
            System.arraycopy(data, pos, audioBuf, audioLen, n);
            audioLen += n;
            if (audioLen == audioBuf.length) {
                parseAudio();
                esDone = true;
            }
        } else {
            esDone = true;
        }
    }

    /** Called at the next PES start and at the end of input. */
    void endPes() {
        if (!inPes) {
            return;
        }
        if (collecting) {
            finishNal(false);
        }
        if (seiCollecting) {
            finishSei(false);
        }
        if (audioLen > 0) {
            parseAudio();
        }
        if (video && primary && pesCount == 1 && startsWithKeyframe < 0) {
            startsWithKeyframe = 0;
        }
        zeros = 0;
        expectNalHeader = false;
        inPes = false;
    }

    private void parseAudio() {
        if (audio == null) {
            audio = switch (type.syntax()) {
                case ADTS -> AdtsHeader.find(audioBuf, 0, audioLen);
                case LATM -> LatmConfig.find(audioBuf, 0, audioLen);
                case AC3 -> Ac3Header.find(audioBuf, 0, audioLen);
                case MPEG_AUDIO -> MpegAudioHeader.find(audioBuf, 0, audioLen);
                default -> null;
            };
        }
        audioLen = 0;
        if (audio != null) {
            audioBuf = null;
        }
    }

    /**
     * Annex B byte stream scan (ISO/IEC 14496-10 B.2; ISO/IEC 23008-2 B.2): finds start codes across packet
     * boundaries, gathers parameter-set NAL units while unknown and stops at the first VCL NAL unit of the PES.
     */
    private void scanNals(byte[] data, int pos, int end) {
        for (int i = pos; i < end; i++) {
            int b = data[i] & 0xFF;
            if (expectNalHeader) {
                expectNalHeader = false;
                if (nalStart(b)) {
                    esDone = true;
                    return;
                }
            }
            if (seiCollecting) {
                if (seiLen < seiBuf.length) {
                    seiBuf[seiLen++] = (byte) b;
                } else {
                    seiCollecting = false; // larger than any caption SEI: skip it
                }
            }
            if (collecting) {
                if (nalLen < nalBuf.length) {
                    nalBuf[nalLen++] = (byte) b;
                } else {
                    collecting = false; // absurdly long parameter set: give up on this one
                }
            }
            if (b == 0) {
                zeros++;
            } else {
                if (b == 1 && zeros >= 2) {
                    if (collecting) {
                        finishNal(true);
                    }
                    if (seiCollecting) {
                        finishSei(true);
                    }
                    expectNalHeader = true;
                }
                zeros = 0;
            }
        }
    }

    /** @return true when this NAL unit is the PES's first picture, so scanning this PES can stop */
    private boolean nalStart(int header0) {
        boolean vcl;
        boolean key;
        if (type.syntax() == StreamTypes.Syntax.H264) {
            int nalType = header0 & 0x1F;
            if (nalType == 7 && avcSps == null) {
                startCollecting();
            }
            if (nalType == 6 && primary) {
                startSei();
            }
            vcl = nalType >= 1 && nalType <= 5;
            key = nalType == 5;
        } else {
            int nalType = (header0 >> 1) & 0x3F;
            if ((nalType == HevcParser.NAL_SPS || nalType == HevcParser.NAL_VPS) && hevcSps == null) {
                startCollecting();
            }
            if (nalType == HevcParser.NAL_PREFIX_SEI && primary) {
                startSei();
            }
            vcl = nalType <= 31;
            key = nalType >= 16 && nalType <= 23; // IRAP: BLA, IDR, CRA (ISO/IEC 23008-2 Table 7-1)
        }
        if (!vcl) {
            return false;
        }
        if (primary) {
            if (key) {
                keyframes++;
            }
            if (pesCount == 1 && startsWithKeyframe < 0) {
                startsWithKeyframe = key && !payloadBeforeFirstPes ? 1 : 0;
            }
        }
        return true;
    }

    private void startSei() {
        if (seiBuf == null) {
            seiBuf = new byte[MAX_SEI_BYTES];
            captions = new CaptionDataParser();
        }
        seiLen = 0;
        seiCollecting = true;
    }

    /** A SEI NAL unit ended: strip the start code, remove emulation prevention, skip the NAL header, parse. */
    private void finishSei(boolean atStartCode) {
        seiCollecting = false;
        int len = seiLen;
        if (atStartCode && len > 0 && seiBuf[len - 1] == 1) {
            len--;
        }
        while (len > 0 && seiBuf[len - 1] == 0) {
            len--;
        }
        int n = Rbsp.unescape(seiBuf, 0, len, seiBuf);
        int header = type.syntax() == StreamTypes.Syntax.H264 ? 1 : 2;
        if (n > header) {
            captions.sei(seiBuf, header, n - header);
        }
    }

    /** Closed captions found in the SEI of this (primary video) stream. */
    ClosedCaptions captions() {
        return captions == null ? ClosedCaptions.NONE : captions.result();
    }

    private void startCollecting() {
        if (nalBuf == null) {
            nalBuf = new byte[SpsParser.MAX_SPS_BYTES];
        }
        nalLen = 0; // the header byte itself is appended by the scan loop
        collecting = true;
    }

    /**
     * A gathered NAL unit ended, at the next start code (whose bytes were gathered too) or at the end of the
     * PES: strip the start code prefix, remove emulation prevention, parse.
     */
    private void finishNal(boolean atStartCode) {
        collecting = false;
        int len = nalLen;
        if (atStartCode && len > 0 && nalBuf[len - 1] == 1) {
            len--;
        }
        while (len > 0 && nalBuf[len - 1] == 0) {
            len--; // start code zeros, trailing_zero_8bits
        }
        int n = Rbsp.unescape(nalBuf, 0, len, nalBuf);
        if (type.syntax() == StreamTypes.Syntax.H264) {
            avcSps = SpsParser.parseRbsp(nalBuf, 0, n);
        } else if (n > 0 && ((nalBuf[0] >> 1) & 0x3F) == HevcParser.NAL_VPS) {
            hevcVpsFrameRate = HevcParser.parseVpsFrameRate(nalBuf, 0, n);
        } else {
            hevcSps = HevcParser.parseSpsRbsp(nalBuf, 0, n);
            if (hevcSps != null && hevcSps.frameRate() == 0 && hevcVpsFrameRate > 0) {
                hevcSps = hevcSps.withFrameRate(hevcVpsFrameRate);
            }
        }
        if (paramsKnown()) {
            nalBuf = null;
        }
    }

    TrackInfo toTrackInfo() {
        String codec = type.codecHint();
        int width = 0;
        int height = 0;
        double frameRate = 0;
        int sampleRate = 0;
        int channels = 0;
        if (avcSps != null) {
            codec = avcSps.codec();
            width = avcSps.width();
            height = avcSps.height();
            frameRate = avcSps.frameRate();
        } else if (hevcSps != null) {
            codec = hevcSps.codec();
            width = hevcSps.width();
            height = hevcSps.height();
            frameRate = hevcSps.frameRate();
        } else if (audio != null) {
            codec = audio.codec();
            sampleRate = audio.sampleRate();
            channels = audio.channels();
        }
        return new TrackInfo(type.kind(), entry.pid(), entry.streamType(), codec, width, height, frameRate,
                sampleRate, channels, entry.language());
    }
}
