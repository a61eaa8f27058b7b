package dev.wharf.packager.demux.ts;

/**
 * The per-PID elementary stream contract (Shaka {@code mp2t/es_parser.h}): whole PES payloads in, samples out
 * through the {@link TrackOutput} it was made with.
 */
interface EsParser {

    /** Extra bytes a PES buffer must have free in front of the payload (in-place rewriting room). */
    default int headroom() {
        return 0;
    }

    /**
     * One complete PES payload in {@code buf[offset, offset + length)}, with {@code headroom()} free bytes before
     * {@code offset}. The parser owns {@code buf} from now on (samples may point into it).
     *
     * @param pts unwrapped 90 kHz PTS, -1 if absent
     * @param dts unwrapped 90 kHz DTS, equal to pts when absent
     */
    void pes(byte[] buf, int offset, int length, long pts, long dts);

    /** End of input: emit what is pending. */
    void flush();
}
