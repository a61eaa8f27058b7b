package dev.wharf.packager.media;

import java.util.List;

/**
 * Closed captions carried in a video stream's SEI (ATSC A/72 / SCTE 128: {@code user_data_registered_itu_t_t35}
 * with the "GA94" identifier and {@code cc_data} of CTA-708), as found by {@link TsProbe}.
 *
 * @param cea608Channels the CEA-608 channels with data, ascending: 1..4 for CC1..CC4 (field 1: CC1, CC2;
 *                       field 2: CC3, CC4)
 * @param cea708Services the CEA-708 (DTVCC) service numbers with data, ascending: 1..63
 */
public record ClosedCaptions(List<Integer> cea608Channels, List<Integer> cea708Services) {

    public static final ClosedCaptions NONE = new ClosedCaptions(List.of(), List.of());

    public ClosedCaptions {
        cea608Channels = cea608Channels == null ? List.of() : List.copyOf(cea608Channels);
        cea708Services = cea708Services == null ? List.of() : List.copyOf(cea708Services);
    }

    /** Whether any caption data was found. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean present() {
        return !cea608Channels.isEmpty() || !cea708Services.isEmpty();
    }
}
