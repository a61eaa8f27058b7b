package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * A box whose payload is a codec configuration record produced elsewhere (by the demuxer), written as is:
 * <ul>
 *   <li>{@code avcC} AVCConfigurationBox: AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1 / 5.4.2)</li>
 *   <li>{@code hvcC} HEVCConfigurationBox: HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1 / 8.4.1)</li>
 *   <li>{@code dac3} AC3SpecificBox (ETSI TS 102 366 F.4)</li>
 *   <li>{@code dec3} EC3SpecificBox (ETSI TS 102 366 F.6)</li>
 *   <li>{@code vttC} WebVTTConfigurationBox: the WebVTT file header text (ISO/IEC 14496-30 7.5)</li>
 * </ul>
 */
public record CodecConfigurationBox(String fourcc, byte[] payload) implements Box {

    public static final String AVC = "avcC";
    public static final String HEVC = "hvcC";
    public static final String AC3 = "dac3";
    public static final String EC3 = "dec3";
    public static final String WEBVTT = "vttC";

    public CodecConfigurationBox {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + payload.length;
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), fourcc).bytes(payload);
    }
}
