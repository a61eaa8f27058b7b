package dev.wharf.packager.channel;

import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.api.v1.StreamSelectionSpec;

/**
 * The MSS spec class leaves unset fields null (so the CRD shows what the user wrote); MediaPackage's
 * defaults are applied here, in one place.
 */
public final class MssDefaults {
    public static final int MANIFEST_WINDOW_SECONDS = 60;
    public static final int SEGMENT_DURATION_SECONDS = 2;
    private static final StreamSelectionSpec ALL_STREAMS = new StreamSelectionSpec();

    private MssDefaults() {}

    public static int manifestWindowSeconds(MssPackageSpec m) {
        return m.manifestWindowSeconds == null ? MANIFEST_WINDOW_SECONDS : m.manifestWindowSeconds;
    }

    public static int segmentDurationSeconds(MssPackageSpec m) {
        return m.segmentDurationSeconds == null ? SEGMENT_DURATION_SECONDS : m.segmentDurationSeconds;
    }

    public static StreamSelectionSpec streamSelection(MssPackageSpec m) {
        return m.streamSelection == null ? ALL_STREAMS : m.streamSelection;
    }

    /** The fields an MSS endpoint accepts but this packager does not apply yet, for the WARNING at load. */
    public static String notInEffect(MssPackageSpec m) {
        // segmentDurationSeconds is applied (SmoothPlayback: joined output segments)
        return m.encryption != null ? "encryption (PlayReady is not implemented: the output is NOT encrypted)" : "";
    }
}
