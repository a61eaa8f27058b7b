package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code esds} ESDBox (ISO/IEC 14496-14 6.7.2): a full box holding one ES_Descriptor (ISO/IEC 14496-1
 * 7.2.6.5) with a DecoderConfigDescriptor (7.2.6.6) whose DecoderSpecificInfo (7.2.6.7) is, for AAC, the
 * AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), and an SLConfigDescriptor with predefined = 2
 * (reserved for MP4 files, 14496-14 3.1.2).
 *
 * <p>Descriptor lengths use the shortest expandable encoding (7 bits per byte, 14496-1 8.3.3).
 *
 * @param esId                 0 in a stored file (14496-14 3.1.2)
 * @param objectTypeIndication 0x40 for MPEG-4 Audio (14496-1 Table 5, the MP4 registration authority)
 * @param streamType           5 for AudioStream (14496-1 Table 6)
 * @param bufferSizeDb         decoder buffer size in bytes, 0 when unknown
 * @param maxBitrate           bits per second, 0 when unknown
 * @param avgBitrate           bits per second, 0 when unknown or variable
 */
public record EsdBox(int esId, int objectTypeIndication, int streamType, int bufferSizeDb, long maxBitrate,
                     long avgBitrate, byte[] decoderSpecificInfo) implements Box {

    public static final String FOURCC = "esds";
    public static final int ES_DESCRIPTOR_TAG = 0x03;
    public static final int DECODER_CONFIG_DESCRIPTOR_TAG = 0x04;
    public static final int DECODER_SPECIFIC_INFO_TAG = 0x05;
    public static final int SL_CONFIG_DESCRIPTOR_TAG = 0x06;
    public static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    public static final int STREAM_TYPE_AUDIO = 0x05;
    private static final int SL_PREDEFINED_MP4 = 2;

    public EsdBox {
        decoderSpecificInfo = decoderSpecificInfo.clone();
    }

    @Override
    public byte[] decoderSpecificInfo() {
        return decoderSpecificInfo.clone();
    }

    /** MPEG-4 Audio (AAC) with the given AudioSpecificConfig, bit rates unknown. */
    public static EsdBox aac(byte[] audioSpecificConfig) {
        return new EsdBox(0, OBJECT_TYPE_MPEG4_AUDIO, STREAM_TYPE_AUDIO, 0, 0, 0, audioSpecificConfig);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + descriptorSize(esDescriptorPayload());
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0);
        descriptorHeader(w, ES_DESCRIPTOR_TAG, esDescriptorPayload());
        w.u16(esId).u8(0); // no streamDependence, URL, OCR; streamPriority 0
        descriptorHeader(w, DECODER_CONFIG_DESCRIPTOR_TAG, decoderConfigPayload());
        w.u8(objectTypeIndication).u8(streamType << 2 | 1) // upStream 0, reserved 1
                .u24(bufferSizeDb).u32(maxBitrate).u32(avgBitrate);
        descriptorHeader(w, DECODER_SPECIFIC_INFO_TAG, decoderSpecificInfo.length);
        w.bytes(decoderSpecificInfo);
        descriptorHeader(w, SL_CONFIG_DESCRIPTOR_TAG, 1);
        w.u8(SL_PREDEFINED_MP4);
    }

    private int decoderConfigPayload() {
        return 13 + descriptorSize(decoderSpecificInfo.length);
    }

    private int esDescriptorPayload() {
        return 3 + descriptorSize(decoderConfigPayload()) + descriptorSize(1);
    }

    /** Tag + expandable length + payload. */
    static int descriptorSize(int payloadSize) {
        return 1 + lengthFieldSize(payloadSize) + payloadSize;
    }

    static int lengthFieldSize(int payloadSize) {
        int n = 1;
        while (payloadSize >= 1 << (7 * n)) {
            n++;
        }
        return n;
    }

    private static void descriptorHeader(BoxWriter w, int tag, int payloadSize) {
        w.u8(tag);
        for (int i = lengthFieldSize(payloadSize) - 1; i >= 0; i--) {
            int sevenBits = (payloadSize >>> (7 * i)) & 0x7F;
            w.u8(i > 0 ? sevenBits | 0x80 : sevenBits);
        }
    }
}
