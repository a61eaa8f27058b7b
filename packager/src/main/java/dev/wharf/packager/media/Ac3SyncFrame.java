package dev.wharf.packager.media;

/**
 * The header fields of one AC-3 or E-AC-3 syncframe that framing and the ISO BMFF sample entry need
 * (ETSI TS 102 366 4.3/4.4 and E.1.2; the {@code dac3}/{@code dec3} boxes of Annex F).
 *
 * @param eac3        E-AC-3 ({@code bsid} 11..16) rather than AC-3
 * @param frameSize   syncframe size in bytes
 * @param sampleRate  Hz
 * @param samples     audio samples per channel coded in this syncframe: 1536 for AC-3, 256 per audio block for E-AC-3
 * @param fscod       {@code fscod}
 * @param bsid        {@code bsid}
 * @param bsmod       {@code bsmod} (AC-3); 0 for E-AC-3, where it sits deep in the optional {@code infomdat}
 * @param acmod       {@code acmod}
 * @param lfeon       {@code lfeon}
 * @param bitRateCode AC-3 {@code frmsizecod >> 1} (Table 4.13); 0 for E-AC-3
 * @param strmtyp     E-AC-3 {@code strmtyp} (0 independent, 1 dependent, 2 AC-3 converted); 0 for AC-3
 * @param substreamid E-AC-3 {@code substreamid}; 0 for AC-3
 * @param chanmap     E-AC-3 {@code chanmap} of a dependent substream, -1 when absent
 */
public record Ac3SyncFrame(boolean eac3, int frameSize, int sampleRate, int samples, int fscod, int bsid, int bsmod,
                           int acmod, int lfeon, int bitRateCode, int strmtyp, int substreamid, int chanmap) {

    /** Channels including the LFE channel. */
    public int channels() {
        return Ac3Header.ACMOD_CHANNELS[acmod] + lfeon;
    }

    /** Bits per second of this syncframe. */
    public long bitRate() {
        return 8L * frameSize * sampleRate / samples;
    }
}
