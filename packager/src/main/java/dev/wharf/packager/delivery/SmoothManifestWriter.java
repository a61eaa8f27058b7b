package dev.wharf.packager.delivery;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a Smooth Streaming client manifest (MS-SSTR 2.2.2, {@code SmoothStreamingMedia}) from a small model:
 * no DOM, a fixed attribute order, values escaped. Pure, so the same model gives the same bytes on every replica.
 *
 * <p>Times are in 10 MHz ({@code TimeScale="10000000"}): each {@code <c>} is one fragment, {@code t} its
 * absolute time and {@code d} its duration, exactly the {@code tfxd} of the fragment the URL
 * {@code QualityLevels({bitrate})/Fragments({name}={t})} returns. Both are written on every chunk
 * (MS-SSTR allows start-time and duration coding together); no {@code r}, which readers interpret
 * differently (dash.js counts the first chunk in it, DASH's {@code @r} does not).
 */
public final class SmoothManifestWriter {
    public static final int MAJOR_VERSION = 2;
    public static final int MINOR_VERSION = 2;
    /** MediaPackage and IIS announce two fragments of look-ahead in tfrf. */
    public static final int LOOK_AHEAD_FRAGMENT_COUNT = 2;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SmoothManifestWriter() {}

    /**
     * @param live           IsLive; false once every track ended (then {@code durationHns} is the presentation's length)
     * @param dvrWindowHns   DVRWindowLength while live, in 10 MHz
     * @param durationHns    Duration: 0 while live
     */
    public record Manifest(boolean live, long dvrWindowHns, long durationHns, List<Stream> streams) {}

    /**
     * One {@code StreamIndex}: all its quality levels share the chunk list.
     *
     * @param type     "video", "audio" or "text" (a text stream is written with {@code Subtype="SUBT"}: subtitles)
     * @param name     the stream name in fragment URLs
     * @param language ISO 639 code, or null
     */
    public record Stream(String type, String name, String language, int maxWidth, int maxHeight,
                         List<QualityLevel> levels, List<SmoothFragmentWriter.Chunk> chunks) {

        /** {@code Url}: the fragment URL template, relative to the manifest's folder. */
        public String url() {
            return "QualityLevels({bitrate})/Fragments(" + name + "={start time})";
        }
    }

    /**
     * One {@code QualityLevel}: video fields (width, height) or audio fields (sampling rate...), zero when absent.
     *
     * @param codecPrivateData hex, upper case (see {@link #h264PrivateData}, {@link #aacPrivateData})
     */
    public record QualityLevel(long bitrate, String fourCC, int maxWidth, int maxHeight, String codecPrivateData,
                               int samplingRate, int channels, int bitsPerSample, int packetSize, int audioTag) {

        /** A TTML text level (MS-SSTR: FourCC "TTML", fragments carry TTML documents); no codec private data. */
        public static QualityLevel ttml(long bitrate) {
            return new QualityLevel(bitrate, "TTML", 0, 0, "", 0, 0, 0, 0, 0);
        }

        public static QualityLevel video(long bitrate, int width, int height, List<byte[]> parameterSets) {
            return new QualityLevel(bitrate, "H264", width, height, h264PrivateData(parameterSets), 0, 0, 0, 0, 0);
        }

        /** AAC in raw frames: AudioTag 255 (WAVE_FORMAT_RAW_AAC1), 16 bits, PacketSize 4 (the block alignment IIS writes). */
        public static QualityLevel aac(long bitrate, int samplingRate, int channels, byte[] audioSpecificConfig) {
            int objectType = audioSpecificConfig.length == 0 ? 2 : (audioSpecificConfig[0] & 0xF8) >> 3;
            return new QualityLevel(bitrate, objectType == 5 || objectType == 29 ? "AACH" : "AACL", 0, 0,
                    aacPrivateData(audioSpecificConfig), samplingRate, channels, 16, 4, 255);
        }
    }

    /** H.264 CodecPrivateData: each parameter set (SPS, then PPS) after a 00000001 start code, hex. */
    public static String h264PrivateData(List<byte[]> parameterSets) {
        StringBuilder b = new StringBuilder();
        for (byte[] nal : parameterSets) {
            b.append("00000001").append(HEX.formatHex(nal));
        }
        return b.toString();
    }

    /** AAC CodecPrivateData: the AudioSpecificConfig, hex. */
    public static String aacPrivateData(byte[] audioSpecificConfig) {
        return HEX.formatHex(audioSpecificConfig);
    }

    public static String write(Manifest m) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        b.append("<SmoothStreamingMedia");
        attr(b, "MajorVersion", MAJOR_VERSION);
        attr(b, "MinorVersion", MINOR_VERSION);
        attr(b, "TimeScale", SmoothFragmentWriter.TIMESCALE);
        attr(b, "Duration", m.durationHns());
        if (m.live()) {
            attr(b, "IsLive", "TRUE");
            attr(b, "LookAheadFragmentCount", LOOK_AHEAD_FRAGMENT_COUNT);
            attr(b, "DVRWindowLength", m.dvrWindowHns());
        }
        b.append(">\n");
        for (Stream s : m.streams()) {
            b.append("  <StreamIndex");
            attr(b, "Type", s.type());
            if (s.type().equals("text")) {
                attr(b, "Subtype", "SUBT");
            }
            attr(b, "Name", s.name());
            if (s.language() != null) {
                attr(b, "Language", s.language());
            }
            attr(b, "Chunks", s.chunks().size());
            attr(b, "QualityLevels", s.levels().size());
            attr(b, "Url", s.url());
            if (s.maxWidth() > 0) {
                attr(b, "MaxWidth", s.maxWidth());
                attr(b, "MaxHeight", s.maxHeight());
                attr(b, "DisplayWidth", s.maxWidth());
                attr(b, "DisplayHeight", s.maxHeight());
            }
            b.append(">\n");
            for (int i = 0; i < s.levels().size(); i++) {
                QualityLevel q = s.levels().get(i);
                b.append("    <QualityLevel");
                attr(b, "Index", i);
                attr(b, "Bitrate", q.bitrate());
                attr(b, "FourCC", q.fourCC());
                if (q.maxWidth() > 0) {
                    attr(b, "MaxWidth", q.maxWidth());
                    attr(b, "MaxHeight", q.maxHeight());
                }
                if (q.samplingRate() > 0) {
                    attr(b, "SamplingRate", q.samplingRate());
                    attr(b, "Channels", q.channels());
                    attr(b, "BitsPerSample", q.bitsPerSample());
                    attr(b, "PacketSize", q.packetSize());
                    attr(b, "AudioTag", q.audioTag());
                }
                attr(b, "CodecPrivateData", q.codecPrivateData());
                b.append("/>\n");
            }
            for (SmoothFragmentWriter.Chunk c : s.chunks()) {
                b.append("    <c");
                attr(b, "t", c.time());
                attr(b, "d", c.duration());
                b.append("/>\n");
            }
            b.append("  </StreamIndex>\n");
        }
        b.append("</SmoothStreamingMedia>\n");
        return b.toString();
    }

    private static void attr(StringBuilder b, String name, long value) {
        b.append(' ').append(name).append("=\"").append(value).append('"');
    }

    private static void attr(StringBuilder b, String name, String value) {
        XmlAttributes.append(b, name, value);
    }
}
