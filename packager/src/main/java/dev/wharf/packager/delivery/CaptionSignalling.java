package dev.wharf.packager.delivery;

import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.media.ClosedCaptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the CEA-608/708 captions found in the video SEI ({@link ClosedCaptions}, read at ingest by the probe) are
 * announced: HLS {@code EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS} renditions with {@code INSTREAM-ID} {@code CCn} or
 * {@code SERVICEn} (RFC 8216 4.3.4.1) in the group {@value #GROUP}, referenced by {@code CLOSED-CAPTIONS} on the
 * variants whose video carries them; DASH {@code Accessibility} descriptors on the video AdaptationSet (SCTE 214-1
 * schemes, as DASH-IF IOP 6.4.3 uses them). The caption bytes stay in the video samples' SEI.
 *
 * <p>Languages come from the encoder's master when it declared {@code CLOSED-CAPTIONS} renditions with the
 * same {@code INSTREAM-ID}; otherwise they are unknown (608 carries none): {@code und} in DASH, none in HLS.
 */
final class CaptionSignalling {
    static final String GROUP = "cc";
    static final String SCHEME_608 = "urn:scte:dash:cc:cea-608:2015";
    static final String SCHEME_708 = "urn:scte:dash:cc:cea-708:2015";

    private CaptionSignalling() {}

    /** The channels and services found in any of the probes. */
    static ClosedCaptions union(Collection<RenditionProbe> probes) {
        TreeSet<Integer> cc = new TreeSet<>();
        TreeSet<Integer> services = new TreeSet<>();
        for (RenditionProbe p : probes) {
            if (p != null && p.captions() != null) {
                cc.addAll(p.captions().cea608Channels());
                services.addAll(p.captions().cea708Services());
            }
        }
        return new ClosedCaptions(List.copyOf(cc), List.copyOf(services));
    }

    /** Whether a rendition's video carries captions. */
    static boolean has(RenditionProbe p) {
        return p != null && p.captions() != null && p.captions().present();
    }

    /** The captions of the channel's variants (renditions without video carry none). */
    static ClosedCaptions of(ChannelSnapshot snap) {
        List<RenditionProbe> probes = new ArrayList<>();
        for (OutputRendition r : snap.renditions()) {
            if (r.media() == null) {
                probes.add(r.probe());
            }
        }
        return union(probes);
    }

    /**
     * The {@code CLOSED-CAPTIONS} renditions of an HLS master: the encoder's own declarations when its master
     * has any (kept as they are), else those found in the video.
     */
    static List<Rendition> hls(ChannelSnapshot snap) {
        return snap.closedCaptions().isEmpty() ? hlsRenditions(of(snap), List.of()) : snap.closedCaptions();
    }

    /** INSTREAM-ID → LANGUAGE declared by the encoder. */
    private static Map<String, String> languages(List<Rendition> declared) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Rendition r : declared) {
            if (r.instreamId() != null && r.language() != null) {
                out.put(r.instreamId(), r.language());
            }
        }
        return out;
    }

    /**
     * HLS {@code CLOSED-CAPTIONS} renditions for what was found: one per 608 channel, then one per 708 service,
     * in group {@value #GROUP}.
     */
    static List<Rendition> hlsRenditions(ClosedCaptions found, List<Rendition> declared) {
        Map<String, String> lang = languages(declared);
        List<Rendition> out = new ArrayList<>();
        for (int c : found.cea608Channels()) {
            out.add(rendition("CC" + c, lang));
        }
        for (int s : found.cea708Services()) {
            out.add(rendition("SERVICE" + s, lang));
        }
        return out;
    }

    private static Rendition rendition(String instreamId, Map<String, String> lang) {
        return new Rendition("CLOSED-CAPTIONS", GROUP, instreamId, lang.get(instreamId), null, false, true, false,
                instreamId, null, null, Map.of());
    }

    /**
     * The DASH descriptors: {@code CC1=eng;CC3=und} for 608 (SCTE 214-1 / DASH-IF IOP 6.4.3) and
     * {@code 1=lang:eng;2=lang:und} for 708.
     */
    static List<DashManifestWriter.Descriptor> dash(ClosedCaptions found, List<Rendition> declared) {
        Map<String, String> lang = languages(declared);
        List<DashManifestWriter.Descriptor> out = new ArrayList<>();
        if (!found.cea608Channels().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (int c : found.cea608Channels()) {
                parts.add("CC" + c + "=" + lang.getOrDefault("CC" + c, "und"));
            }
            out.add(new DashManifestWriter.Descriptor(SCHEME_608, String.join(";", parts)));
        }
        if (!found.cea708Services().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (int s : found.cea708Services()) {
                parts.add(s + "=lang:" + lang.getOrDefault("SERVICE" + s, "und"));
            }
            out.add(new DashManifestWriter.Descriptor(SCHEME_708, String.join(";", parts)));
        }
        return out;
    }
}
