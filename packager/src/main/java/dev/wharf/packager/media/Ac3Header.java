package dev.wharf.packager.media;

/**
 * AC-3 and E-AC-3 sync frame headers, ATSC A/52 (ETSI TS 102 366): {@code syncinfo}/{@code bsi} (5.3, 5.4)
 * and, for E-AC-3, Annex E {@code bsi} (E.1.2.2). The two are told apart by {@code bsid}: up to 10 is AC-3,
 * 11..16 is E-AC-3.
 */
public final class Ac3Header {

    private static final int[] AC3_SAMPLE_RATES = {48000, 44100, 32000};
    private static final int[] EAC3_REDUCED_SAMPLE_RATES = {24000, 22050, 16000};
    /** Table 5.8 {@code acmod}: full-bandwidth channels. */
    static final int[] ACMOD_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};
    /** Table 4.13: nominal bit rate in kbit/s by {@code frmsizecod >> 1}. */
    private static final int[] AC3_BIT_RATES = {
            32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640};
    /** Table E.1.3 ({@code numblkscod}): audio blocks per syncframe. */
    private static final int[] EAC3_BLOCKS = {1, 2, 3, 6};

    private Ac3Header() {
    }

    /** @return the format of the first AC-3 or E-AC-3 sync frame in range, or null */
    public static AudioFormat find(byte[] buf, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i + 8 <= end; i++) {
            if ((buf[i] & 0xFF) != 0x0B || (buf[i + 1] & 0xFF) != 0x77) {
                continue;
            }
            int bsid = (buf[i + 5] & 0xFF) >>> 3;
            AudioFormat f = bsid <= 10 ? ac3(buf, i, end - i) : bsid <= 16 ? eac3(buf, i, end - i) : null;
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Parses the syncframe header at {@code buf[at]} (which must hold the sync word 0x0B77); {@code available} bytes
     * from {@code at} may be read, 16 are always enough.
     *
     * @return the header, or null when it is not a valid AC-3/E-AC-3 syncframe header
     */
    public static Ac3SyncFrame parseFrame(byte[] buf, int at, int available) {
        if (available < 8 || (buf[at] & 0xFF) != 0x0B || (buf[at + 1] & 0xFF) != 0x77) {
            return null;
        }
        int bsid = (buf[at + 5] & 0xFF) >>> 3;
        if (bsid <= 10) {
            BitReader r = new BitReader(buf, at + 4, Math.min(available, 16) - 4);
            int fscod = r.bits(2);
            int frmsizecod = r.bits(6);
            r.skip(5); // bsid
            int bsmod = r.bits(3);
            int acmod = r.bits(3);
            if ((acmod & 1) != 0 && acmod != 1) {
                r.skip(2); // cmixlev
            }
            if ((acmod & 4) != 0) {
                r.skip(2); // surmixlev
            }
            if (acmod == 2) {
                r.skip(2); // dsurmod
            }
            int lfeon = r.bit();
            if (r.overrun() || fscod == 3 || frmsizecod > 37) {
                return null;
            }
            int sampleRate = AC3_SAMPLE_RATES[fscod];
            // Table 4.13: words per syncframe = bit rate * 1536 / (16 * sample rate); 44.1 kHz rounds down and
            // the odd frmsizecod of each pair carries one extra word.
            int words = AC3_BIT_RATES[frmsizecod >> 1] * 1000 * 96 / sampleRate;
            if (fscod == 1) {
                words += frmsizecod & 1;
            }
            return new Ac3SyncFrame(false, words * 2, sampleRate, 1536, fscod, bsid, bsmod, acmod, lfeon,
                    frmsizecod >> 1, 0, 0, -1);
        }
        if (bsid > 16) {
            return null;
        }
        BitReader r = new BitReader(buf, at + 2, Math.min(available, 16) - 2);
        int strmtyp = r.bits(2);
        int substreamid = r.bits(3);
        int frameSize = (r.bits(11) + 1) * 2;
        int fscod = r.bits(2);
        int sampleRate;
        int blocks;
        if (fscod == 3) {
            int fscod2 = r.bits(2);
            if (fscod2 == 3) {
                return null;
            }
            sampleRate = EAC3_REDUCED_SAMPLE_RATES[fscod2];
            blocks = 6;
        } else {
            blocks = EAC3_BLOCKS[r.bits(2)];
            sampleRate = AC3_SAMPLE_RATES[fscod];
        }
        int acmod = r.bits(3);
        int lfeon = r.bit();
        r.skip(5 + 5); // bsid, dialnorm
        if (r.flag()) { // compre
            r.skip(8);
        }
        if (acmod == 0) {
            r.skip(5); // dialnorm2
            if (r.flag()) { // compr2e
                r.skip(8);
            }
        }
        int chanmap = -1;
        if (strmtyp == 1 && r.flag()) { // chanmape
            chanmap = r.bits(16);
        }
        if (r.overrun() || strmtyp == 3 || frameSize < 8) {
            return null;
        }
        return new Ac3SyncFrame(true, frameSize, sampleRate, blocks * 256, fscod, bsid, 0, acmod, lfeon, 0, strmtyp,
                substreamid, chanmap);
    }

    private static AudioFormat ac3(byte[] buf, int at, int len) {
        BitReader r = new BitReader(buf, at + 4, len - 4); // after syncword and crc1
        int fscod = r.bits(2);
        int frmsizecod = r.bits(6);
        r.skip(5 + 3); // bsid, bsmod
        int acmod = r.bits(3);
        if ((acmod & 1) != 0 && acmod != 1) {
            r.skip(2); // cmixlev
        }
        if ((acmod & 4) != 0) {
            r.skip(2); // surmixlev
        }
        if (acmod == 2) {
            r.skip(2); // dsurmod
        }
        int lfeon = r.bit();
        if (r.overrun() || fscod == 3 || frmsizecod > 37) {
            return null;
        }
        return new AudioFormat("ac-3", AC3_SAMPLE_RATES[fscod], ACMOD_CHANNELS[acmod] + lfeon);
    }

    private static AudioFormat eac3(byte[] buf, int at, int len) {
        BitReader r = new BitReader(buf, at + 2, len - 2);
        int strmtyp = r.bits(2);
        r.skip(3 + 11); // substreamid, frmsiz
        int fscod = r.bits(2);
        int sampleRate;
        if (fscod == 3) {
            int fscod2 = r.bits(2);
            if (fscod2 == 3) {
                return null;
            }
            sampleRate = EAC3_REDUCED_SAMPLE_RATES[fscod2];
        } else {
            r.skip(2); // numblkscod
            sampleRate = AC3_SAMPLE_RATES[fscod];
        }
        int acmod = r.bits(3);
        int lfeon = r.bit();
        if (r.overrun() || strmtyp == 3) {
            return null;
        }
        return new AudioFormat("ec-3", sampleRate, ACMOD_CHANNELS[acmod] + lfeon);
    }
}
