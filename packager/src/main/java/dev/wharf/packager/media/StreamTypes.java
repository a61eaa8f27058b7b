package dev.wharf.packager.media;

/**
 * Classification of PMT entries: ISO/IEC 13818-1 Table 2-34 {@code stream_type}, ATSC A/52 Annex A
 * (0x81 AC-3, 0x87 E-AC-3), ETSI EN 300 468 descriptors for stream_type 0x06 (PES private data), and
 * registration descriptor format identifiers (SMPTE-RA: 'AC-3', 'EAC3', 'HEVC').
 */
public final class StreamTypes {

    static final int MPEG1_VIDEO = 0x01;
    static final int MPEG2_VIDEO = 0x02;
    static final int MPEG1_AUDIO = 0x03;
    static final int MPEG2_AUDIO = 0x04;
    static final int PES_PRIVATE_DATA = 0x06;
    public static final int AAC_ADTS = 0x0F;
    static final int AAC_LATM = 0x11;
    public static final int METADATA_PES = 0x15;
    public static final int H264 = 0x1B;
    public static final int HEVC = 0x24;
    static final int AC3 = 0x81;
    static final int SCTE35 = 0x86;
    static final int EAC3 = 0x87;

    static final int FORMAT_AC3 = 0x41432D33; // 'AC-3'
    static final int FORMAT_EAC3 = 0x45414333; // 'EAC3'
    static final int FORMAT_HEVC = 0x48455643; // 'HEVC'

    /** Which elementary-stream parser applies. */
    public enum Syntax { H264, HEVC, ADTS, LATM, AC3, MPEG_AUDIO, NONE }

    /** The classification of one PMT entry. */
    public record Classified(TrackInfo.Kind kind, Syntax syntax, String codecHint) {
    }

    private StreamTypes() {
    }

    public static Classified classify(PsiParser.EsEntry e) {
        return switch (e.streamType()) {
            case H264 -> new Classified(TrackInfo.Kind.VIDEO, Syntax.H264, null);
            case HEVC -> new Classified(TrackInfo.Kind.VIDEO, Syntax.HEVC, null);
            case MPEG1_VIDEO, MPEG2_VIDEO -> new Classified(TrackInfo.Kind.VIDEO, Syntax.NONE, null);
            case AAC_ADTS -> new Classified(TrackInfo.Kind.AUDIO, Syntax.ADTS, "mp4a.40.2");
            case AAC_LATM -> new Classified(TrackInfo.Kind.AUDIO, Syntax.LATM, "mp4a.40.2");
            case MPEG1_AUDIO, MPEG2_AUDIO -> new Classified(TrackInfo.Kind.AUDIO, Syntax.MPEG_AUDIO, "mp4a.40.34");
            case AC3 -> new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ac-3");
            case EAC3 -> new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ec-3");
            case METADATA_PES -> new Classified(TrackInfo.Kind.DATA, Syntax.NONE, null);
            case PES_PRIVATE_DATA -> privateData(e);
            default -> new Classified(TrackInfo.Kind.DATA, Syntax.NONE, null);
        };
    }

    private static Classified privateData(PsiParser.EsEntry e) {
        switch (e.dvbDescriptorTag()) {
            case PsiParser.DESCRIPTOR_DVB_AC3:
                return new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ac-3");
            case PsiParser.DESCRIPTOR_DVB_EAC3:
                return new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ec-3");
            case PsiParser.DESCRIPTOR_DVB_SUBTITLING, PsiParser.DESCRIPTOR_DVB_TELETEXT:
                return new Classified(TrackInfo.Kind.SUBTITLES, Syntax.NONE, null);
            default:
                break;
        }
        return switch (e.registrationFormatId()) {
            case FORMAT_AC3 -> new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ac-3");
            case FORMAT_EAC3 -> new Classified(TrackInfo.Kind.AUDIO, Syntax.AC3, "ec-3");
            case FORMAT_HEVC -> new Classified(TrackInfo.Kind.VIDEO, Syntax.HEVC, null);
            default -> new Classified(TrackInfo.Kind.DATA, Syntax.NONE, null);
        };
    }
}
