package dev.wharf.packager.channel;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.StreamSelectionSpec;

/**
 * The DASH spec class leaves unset fields null (so the CRD shows what the user wrote); MediaPackage's
 * defaults are applied here, in one place.
 */
public final class DashDefaults {
    public static final int MANIFEST_WINDOW_SECONDS = 60;
    public static final int MIN_BUFFER_TIME_SECONDS = 30;
    public static final int MIN_UPDATE_PERIOD_SECONDS = DashPackageSpec.DEFAULT_MIN_UPDATE_PERIOD_SECONDS;
    public static final int SUGGESTED_PRESENTATION_DELAY_SECONDS = DashPackageSpec.DEFAULT_SUGGESTED_PRESENTATION_DELAY_SECONDS;
    public static final int SEGMENT_DURATION_SECONDS = 2;
    /** The UTC time the packager serves itself on the playback socket, for {@code <UTCTiming>} without a URI. */
    public static final String TIME_PATH = "/out/v1/time";
    private static final StreamSelectionSpec ALL_STREAMS = new StreamSelectionSpec();

    private DashDefaults() {}

    public static int manifestWindowSeconds(DashPackageSpec d) {
        return d.manifestWindowSeconds == null ? MANIFEST_WINDOW_SECONDS : d.manifestWindowSeconds;
    }

    public static int minBufferTimeSeconds(DashPackageSpec d) {
        return d.minBufferTimeSeconds == null ? MIN_BUFFER_TIME_SECONDS : d.minBufferTimeSeconds;
    }

    public static int minUpdatePeriodSeconds(DashPackageSpec d) {
        return d.minUpdatePeriodSeconds == null ? MIN_UPDATE_PERIOD_SECONDS : d.minUpdatePeriodSeconds;
    }

    public static int suggestedPresentationDelaySeconds(DashPackageSpec d) {
        return d.suggestedPresentationDelaySeconds == null ? SUGGESTED_PRESENTATION_DELAY_SECONDS
                : d.suggestedPresentationDelaySeconds;
    }

    public static int segmentDurationSeconds(DashPackageSpec d) {
        return d.segmentDurationSeconds == null ? SEGMENT_DURATION_SECONDS : d.segmentDurationSeconds;
    }

    public static DashPackageSpec.SegmentTemplateFormat segmentTemplateFormat(DashPackageSpec d) {
        return d.segmentTemplateFormat == null ? DashPackageSpec.SegmentTemplateFormat.NUMBER_WITH_TIMELINE
                : d.segmentTemplateFormat;
    }

    public static DashPackageSpec.Profile profile(DashPackageSpec d) {
        return d.profile == null ? DashPackageSpec.Profile.NONE : d.profile;
    }

    public static DashPackageSpec.UtcTiming utcTiming(DashPackageSpec d) {
        return d.utcTiming == null ? DashPackageSpec.UtcTiming.HTTP_ISO : d.utcTiming;
    }

    /**
     * FULL (the default) or COMPACT; DRM_TOP_LEVEL_COMPACT is COMPACT with the ContentProtection elements at the top,
     * and without encryption (not built) there are none: it writes what COMPACT writes.
     */
    public static DashPackageSpec.ManifestLayout manifestLayout(DashPackageSpec d) {
        return d.manifestLayout == null ? DashPackageSpec.ManifestLayout.FULL : d.manifestLayout;
    }

    public static StreamSelectionSpec streamSelection(DashPackageSpec d) {
        return d.streamSelection == null ? ALL_STREAMS : d.streamSelection;
    }

    /** The fields a DASH endpoint accepts but this packager does not apply yet, for the WARNING at load. */
    public static String notInEffect(DashPackageSpec d) {
        StringBuilder b = new StringBuilder();
        if (d.periodTriggers != null && !d.periodTriggers.isEmpty()) {
            b.append(", periodTriggers");
        }
        if (d.adTriggers != null && !d.adTriggers.isEmpty()) {
            b.append(", adTriggers");
        }
        if (d.encryption != null) {
            b.append(", encryption (the output is NOT encrypted)");
        }
        if (Boolean.TRUE.equals(d.includeIframeOnlyStream)) {
            b.append(", includeIframeOnlyStream");
        }
        DashPackageSpec.Profile p = profile(d);
        if (p == DashPackageSpec.Profile.HBBTV_1_5 || p == DashPackageSpec.Profile.HYBRIDCAST) {
            b.append(", profile ").append(p).append(" (only the isoff-live profile is declared)");
        }
        return b.length() == 0 ? "" : b.substring(2);
    }
}
