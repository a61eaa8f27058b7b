package dev.wharf.packager.channel;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.StreamSelectionSpec;

/**
 * The CMAF spec classes leave unset fields null (so the CRD shows what the user wrote); the defaults
 * MediaPackage documents or shows in its examples are applied here, in one place.
 */
public final class CmafDefaults {
    public static final int SEGMENT_DURATION_SECONDS = 6;
    public static final int PLAYLIST_WINDOW_SECONDS = 60;
    private static final StreamSelectionSpec ALL_STREAMS = new StreamSelectionSpec();

    private CmafDefaults() {}

    public static int segmentDurationSeconds(CmafPackageSpec c) {
        return c.segmentDurationSeconds == null ? SEGMENT_DURATION_SECONDS : c.segmentDurationSeconds;
    }

    public static StreamSelectionSpec streamSelection(CmafPackageSpec c) {
        return c.streamSelection == null ? ALL_STREAMS : c.streamSelection;
    }

    public static int playlistWindowSeconds(CmafHlsManifestSpec m) {
        return m.playlistWindowSeconds == null ? PLAYLIST_WINDOW_SECONDS : m.playlistWindowSeconds;
    }

    public static int programDateTimeIntervalSeconds(CmafHlsManifestSpec m) {
        return m.programDateTimeIntervalSeconds == null ? 0 : m.programDateTimeIntervalSeconds;
    }

    public static HlsPackageSpec.PlaylistType playlistType(CmafHlsManifestSpec m) {
        return m.playlistType == null ? HlsPackageSpec.PlaylistType.NONE : m.playlistType;
    }

    public static HlsPackageSpec.AdMarkers adMarkers(CmafHlsManifestSpec m) {
        return m.adMarkers == null ? HlsPackageSpec.AdMarkers.NONE : m.adMarkers;
    }
}
