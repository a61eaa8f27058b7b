package dev.wharf.packager.delivery;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.packager.channel.DashDefaults;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dynamic MPEG-DASH MPD (ISO/IEC 23009-1) from a small model: no DOM, a fixed attribute order, every
 * attribute value escaped. Pure, so a model gives the same bytes on every replica.
 *
 * <p>Times: {@code availabilityStartTime} is fixed at the Unix epoch, so the MPD's presentation time line is
 * the wall clock in seconds since 1970 and never changes (not across refreshes, replicas or restarts). Each
 * Period starts at the wall-clock time its run of segments (a discontinuity sequence) was anchored to, and
 * {@code presentationTimeOffset} is the media time (in the track's timescale) at that instant: a segment with
 * decode time {@code t} is presented at {@code Period@start + (t - presentationTimeOffset) / timescale}.
 */
public final class DashManifestWriter {
    public static final String PROFILE_LIVE = "urn:mpeg:dash:profile:isoff-live:2011";
    public static final String PROFILE_DVB = "urn:dvb:dash:profile:dvb-dash:2014";
    public static final String AVAILABILITY_START_TIME = "1970-01-01T00:00:00Z";
    static final String CHANNEL_CONFIGURATION = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DashManifestWriter() {}

    /**
     * @param durationMillis -1 while live (type dynamic); once every track ended, the presentation's duration:
     *                       the MPD becomes static (the DASH counterpart of {@code EXT-X-ENDLIST}), its Periods
     *                       moved so the first starts at 0
     */
    public record Mpd(List<String> profiles, long publishTimeMillis, int minimumUpdatePeriodSeconds,
                      int timeShiftBufferDepthSeconds, int minBufferTimeSeconds, int suggestedPresentationDelaySeconds,
                      UtcTiming utcTiming, List<Period> periods, long durationMillis) {}

    /** {@code <UTCTiming>}: scheme URN and value (a time server URL). */
    public record UtcTiming(String scheme, String value) {}

    public record Period(String id, long startMillis, List<AdaptationSet> adaptationSets) {}

    /**
     * @param lang          ISO 639 language, or null
     * @param role          the {@code Role} value (scheme {@value #ROLE_SCHEME}), or null
     * @param accessibility {@code Accessibility} descriptors (closed captions in the video)
     */
    public record AdaptationSet(int id, String contentType, String mimeType, String lang,
                                List<Representation> representations, String role, List<Descriptor> accessibility,
                                SegmentTemplate segmentTemplate) {

        public AdaptationSet(int id, String contentType, String mimeType, String lang,
                             List<Representation> representations, String role, List<Descriptor> accessibility) {
            this(id, contentType, mimeType, lang, representations, role, accessibility, null);
        }

        public AdaptationSet(int id, String contentType, String mimeType, String lang,
                             List<Representation> representations) {
            this(id, contentType, mimeType, lang, representations, null, List.of());
        }

        /** The template of a Representation: its own, else the set's (COMPACT). */
        SegmentTemplate template(Representation r) {
            return r.segmentTemplate() != null ? r.segmentTemplate() : segmentTemplate;
        }
    }

    /** A descriptor element: {@code schemeIdUri} and {@code value}. */
    public record Descriptor(String schemeIdUri, String value) {}

    static final String ROLE_SCHEME = "urn:mpeg:dash:role:2011";

    /**
     * A WebVTT subtitles rendition offered as ISO BMFF {@code wvtt} fragments (ISO/IEC 14496-30; DASH-IF IOP
     * wants live text in ISO BMFF, not as segmented plain WebVTT): {@code seg/{prefix}_{n}_s_{sequence}.mp4}.
     *
     * @param segments its segments in the window, on the video's media time line (90 kHz)
     */
    public record TextTrack(int rendition, String lang, long bandwidth, List<TextSegment> segments) {}

    /** A subtitles fragment: its decode time and duration in 90 kHz ticks (those of the video segment cut with it). */
    public record TextSegment(long sequence, long discontinuitySequence, long startTicks90k, long durationTicks90k) {}

    /**
     * @param frameRate         video frame rate as DASH writes it ("25", "30000/1001"), or null
     * @param audioSamplingRate audio sample rate in Hz, 0 for video
     * @param channels          audio channel count, 0 for video
     */
    public record Representation(String id, long bandwidth, String codecs, int width, int height, String frameRate,
                                 int audioSamplingRate, int channels, SegmentTemplate segmentTemplate) {}

    /**
     * @param duration   {@code @duration} in timescale ticks (NUMBER_WITH_DURATION), or 0 when {@code timeline} is used
     * @param timeline   the {@code <S>} elements, or null when {@code duration} is used
     */
    public record SegmentTemplate(long timescale, long presentationTimeOffset, String initialization, String media,
                                  long startNumber, long duration, List<S> timeline) {}

    /** One {@code <S t d r>}: {@code t} is -1 when it follows the previous element without a gap. */
    public record S(long t, long d, int r) {}

    /**
     * One CMAF track offered in the MPD, with the segments of the window (all discontinuity sequences).
     *
     * @param rendition the output rendition number n of the segment URLs
     * @param lang      ISO 639 language of an audio track, or null
     * @param groupSize input segments per DASH segment ({@link DashResegmenter}): 1 when segments pass through
     */
    public record Track(int rendition, PlaybackRequest.CmafTrack track, long bandwidth, String codecs, int width,
                        int height, double frameRate, int audioSamplingRate, int channels, String lang, long timescale,
                        List<Segment> segments, int groupSize) {
        public Track(int rendition, PlaybackRequest.CmafTrack track, long bandwidth, String codecs, int width,
                     int height, double frameRate, int audioSamplingRate, int channels, String lang, long timescale,
                     List<Segment> segments) {
            this(rendition, track, bandwidth, codecs, width, height, frameRate, audioSamplingRate, channels, lang,
                    timescale, segments, 1);
        }
    }

    /** A segment: its output sequence, discontinuity sequence, and the decode time and duration its fragment has. */
    public record Segment(long sequence, long discontinuitySequence, long decodeTime, long duration) {}

    /**
    /**
     * Where a run of segments (one discontinuity sequence, one Period) sits on the wall clock: its first known
     * segment {@code startNumber} started at {@code startMillis} with media time {@code mediaTime90k}.
     * Fixed once chosen (see {@code PlaybackService}), so Period@start never moves.
     *
     * @param durationMicros the nominal segment duration ({@code @duration} of NUMBER_WITH_DURATION)
     */
    public record Anchor(long discontinuitySequence, long startMillis, long mediaTime90k, long startNumber,
                         long durationMicros) {}

    /** The model of an endpoint's MPD: one Period per anchored discontinuity sequence that has segments. */
    public static Mpd build(DashPackageSpec spec, String segmentPrefix, String utcTimingValue, long publishTimeMillis,
                            List<Track> tracks, List<Anchor> anchors, boolean ended) {
        return build(spec, segmentPrefix, utcTimingValue, publishTimeMillis, tracks, anchors, ended, List.of(), List.of());
    }

    /**
     * @param texts         subtitles renditions: one text AdaptationSet each (Role {@code subtitle})
     * @param accessibility descriptors for the video AdaptationSet (CEA-608/708 captions in its SEI)
     */
    public static Mpd build(DashPackageSpec spec, String segmentPrefix, String utcTimingValue, long publishTimeMillis,
                            List<Track> tracks, List<Anchor> anchors, boolean ended, List<TextTrack> texts,
                            List<Descriptor> accessibility) {
        DashPackageSpec.SegmentTemplateFormat format = DashDefaults.segmentTemplateFormat(spec);
        List<Period> periods = new ArrayList<>();
        boolean compact = DashDefaults.manifestLayout(spec) != DashPackageSpec.ManifestLayout.FULL;
        for (Anchor anchor : anchors) {
            List<Compactable> video = new ArrayList<>();
            java.util.Map<String, List<Compactable>> audio = new java.util.LinkedHashMap<>();
            for (Track t : tracks) {
                List<Segment> segs = t.segments().stream()
                        .filter(s -> s.discontinuitySequence() == anchor.discontinuitySequence()).toList();
                if (segs.isEmpty()) {
                    continue;
                }
                String base = CmafManifestWriter.SEGMENT_FOLDER + "/" + segmentPrefix + "_" + t.rendition() + "_"
                        + t.track().letter + "_";
                String init = base + "init_" + anchor.discontinuitySequence() + ".mp4";
                long pto = Math.floorDiv(anchor.mediaTime90k() * t.timescale(), 90_000);
                String byNumber = t.groupSize() > 1 ? DashResegmenter.media(base, t.groupSize(), false)
                        : base + "$Number$.mp4";
                String byTime = t.groupSize() > 1 ? DashResegmenter.media(base, t.groupSize(), true)
                        : base + PlaybackRequest.TIME_MARK + "$Time$.mp4";
                SegmentTemplate template = switch (format) {
                    case NUMBER_WITH_TIMELINE -> new SegmentTemplate(t.timescale(), pto, init, byNumber,
                            segs.getFirst().sequence(), 0, timeline(times(segs)));
                    case TIME_WITH_TIMELINE -> new SegmentTemplate(t.timescale(), pto, init, byTime,
                            segs.getFirst().sequence(), 0, timeline(times(segs)));
                    case NUMBER_WITH_DURATION -> new SegmentTemplate(t.timescale(), pto, init, byNumber,
                            anchor.startNumber(), Math.round(anchor.durationMicros() * (double) t.timescale() / 1_000_000),
                            null);
                };
                boolean isVideo = t.track() == PlaybackRequest.CmafTrack.VIDEO;
                Representation r = new Representation(t.track().letter + t.rendition(), t.bandwidth(), t.codecs(),
                        isVideo ? t.width() : 0, isVideo ? t.height() : 0, isVideo ? frameRate(t.frameRate()) : null,
                        isVideo ? 0 : t.audioSamplingRate(), isVideo ? 0 : t.channels(), template);
                Compactable part = new Compactable(r, t, segs);
                if (isVideo) {
                    video.add(part);
                } else {
                    String lang = t.lang() == null ? "" : t.lang();
                    audio.computeIfAbsent(lang, k -> new ArrayList<>()).add(part);
                }
            }
            List<AdaptationSet> sets = new ArrayList<>();
            int id = 1;
            if (!video.isEmpty()) {
                AdaptationSet full = new AdaptationSet(id++, "video", "video/mp4", null, fullOf(video), null, accessibility);
                sets.add(compact ? compacted(full, video, segmentPrefix) : full);
            }
            for (var e : audio.entrySet()) {
                AdaptationSet full = new AdaptationSet(id++, "audio", "audio/mp4", e.getKey().isEmpty() ? null : e.getKey(),
                        fullOf(e.getValue()));
                sets.add(compact ? compacted(full, e.getValue(), segmentPrefix) : full);
            }
            if (!sets.isEmpty()) {
                for (TextTrack t : texts) {
                    Representation r = textRepresentation(segmentPrefix, t, anchor);
                    if (r != null) {
                        sets.add(new AdaptationSet(id++, "text", "application/mp4", t.lang(), List.of(r), "subtitle",
                                List.of()));
                    }
                }
            }
            if (!sets.isEmpty()) {
                periods.add(new Period("p" + anchor.discontinuitySequence(), anchor.startMillis(), sets));
            }
        }
        long durationMillis = -1;
        if (ended && !periods.isEmpty()) {
            long origin = periods.getFirst().startMillis();
            List<Period> moved = new ArrayList<>();
            for (Period p : periods) {
                moved.add(new Period(p.id(), p.startMillis() - origin, p.adaptationSets()));
            }
            periods = moved;
            Period last = periods.getLast();
            long end = 0;
            for (AdaptationSet a : last.adaptationSets()) {
                if (a.contentType().equals("text")) {
                    continue; // the media define the duration; subtitles follow the video's segments
                }
                for (Representation r : a.representations()) {
                    SegmentTemplate t = a.template(r);
                    long mediaEnd;
                    if (t.timeline() == null) {
                        continue;
                    }
                    long at = 0;
                    for (S e : t.timeline()) {
                        at = (e.t() >= 0 ? e.t() : at) + e.d() * (e.r() + 1L);
                    }
                    mediaEnd = at - t.presentationTimeOffset();
                    end = Math.max(end, mediaEnd * 1000 / t.timescale());
                }
            }
            if (end == 0) {
                // NUMBER_WITH_DURATION: whole segments of the nominal duration (players count
                // ceil(duration / @duration) segments; a few ms more, from audio ending after the video, would
                // announce one segment that does not exist)
                Anchor a = anchors.stream().filter(x -> ("p" + x.discontinuitySequence()).equals(last.id())).findFirst()
                        .orElseThrow();
                for (Track t : tracks) {
                    List<Segment> segs = t.segments();
                    if (!segs.isEmpty() && segs.getLast().discontinuitySequence() == a.discontinuitySequence()) {
                        end = Math.max(end, (segs.getLast().sequence() - a.startNumber() + 1) * a.durationMicros() / 1000);
                    }
                }
            }
            durationMillis = last.startMillis() + end;
        }
        List<String> profiles = DashDefaults.profile(spec) == DashPackageSpec.Profile.DVB_DASH_2014
                ? List.of(PROFILE_LIVE, PROFILE_DVB) : List.of(PROFILE_LIVE);
        UtcTiming utc = switch (DashDefaults.utcTiming(spec)) {
            case NONE -> null;
            case HTTP_HEAD -> new UtcTiming("urn:mpeg:dash:utc:http-head:2014", utcTimingValue);
            case HTTP_ISO -> new UtcTiming("urn:mpeg:dash:utc:http-iso:2014", utcTimingValue);
            case HTTP_XSDATE -> new UtcTiming("urn:mpeg:dash:utc:http-xsdate:2014", utcTimingValue);
        };
        return new Mpd(profiles, publishTimeMillis, DashDefaults.minUpdatePeriodSeconds(spec),
                DashDefaults.manifestWindowSeconds(spec), DashDefaults.minBufferTimeSeconds(spec),
                DashDefaults.suggestedPresentationDelaySeconds(spec), utc, periods, durationMillis);
    }

    /** A Representation as built for the FULL layout, with the track and segments its template was made from. */
    private record Compactable(Representation full, Track track, List<Segment> segments) {}

    /**
     * {@code manifestLayout: COMPACT} (MediaPackage: "duplicate elements are combined and presented at the
     * AdaptationSet level"): one SegmentTemplate on the AdaptationSet whose URLs name the Representation with
     * {@code $RepresentationID$} (the ids become {@code {rendition}_{track letter}}, so the URLs stay those of FULL),
     * and one SegmentTimeline: the segments every Representation of the set has (same number, time and duration),
     * which leaves out the newest segment of a rendition whose sibling has not arrived yet. Where the
     * Representations do not share a timescale, offset, numbering or URL pattern, or the shared segments are not one
     * unbroken run of each Representation's own (a gap would make {@code $Number$} name the wrong segment): an
     * encoder whose renditions are not aligned, the set is written FULL, with the same Representation ids (an MPD
     * update must not rename them).
     */
    private static AdaptationSet compacted(AdaptationSet full, List<Compactable> parts, String segmentPrefix) {
        Compactable first = parts.getFirst();
        SegmentTemplate t0 = first.full().segmentTemplate();
        String media = generic(t0.media(), segmentPrefix, first.track());
        String init = generic(t0.initialization(), segmentPrefix, first.track());
        List<Segment> common = new ArrayList<>(first.segments());
        for (Compactable c : parts) {
            SegmentTemplate t = c.full().segmentTemplate();
            if (t.timescale() != t0.timescale() || t.presentationTimeOffset() != t0.presentationTimeOffset()
                    || t.duration() != t0.duration() || (t.timeline() == null) != (t0.timeline() == null)
                    || (t.timeline() == null && t.startNumber() != t0.startNumber())
                    || !generic(t.media(), segmentPrefix, c.track()).equals(media)
                    || !generic(t.initialization(), segmentPrefix, c.track()).equals(init)) {
                return fullWithCompactIds(full, parts);
            }
            java.util.Set<Segment> theirs = new java.util.HashSet<>(c.segments());
            common.removeIf(s -> !theirs.contains(s));
        }
        for (Compactable c : parts) {
            if (t0.timeline() != null && (common.isEmpty() || java.util.Collections.indexOfSubList(c.segments(), common) < 0)) {
                return fullWithCompactIds(full, parts); // empty, or not one run of this Representation's segments
            }
        }
        SegmentTemplate shared;
        if (t0.timeline() == null) {
            shared = new SegmentTemplate(t0.timescale(), t0.presentationTimeOffset(), init, media, t0.startNumber(),
                    t0.duration(), null);
        } else {
            shared = new SegmentTemplate(t0.timescale(), t0.presentationTimeOffset(), init, media,
                    common.getFirst().sequence(), 0, timeline(times(common)));
        }
        return new AdaptationSet(full.id(), full.contentType(), full.mimeType(), full.lang(), compactIds(parts, false),
                full.role(), full.accessibility(), shared);
    }

    /** A COMPACT endpoint's set that could not be compacted: FULL, with the Representation ids of COMPACT. */
    private static AdaptationSet fullWithCompactIds(AdaptationSet full, List<Compactable> parts) {
        return new AdaptationSet(full.id(), full.contentType(), full.mimeType(), full.lang(), compactIds(parts, true),
                full.role(), full.accessibility());
    }

    /** The parts' Representations with the COMPACT ids, with their own templates or (compacted) none. */
    private static List<Representation> compactIds(List<Compactable> parts, boolean ownTemplates) {
        List<Representation> reps = new ArrayList<>();
        for (Compactable c : parts) {
            Representation r = c.full();
            reps.add(new Representation(representationId(c.track()), r.bandwidth(), r.codecs(), r.width(), r.height(),
                    r.frameRate(), r.audioSamplingRate(), r.channels(), ownTemplates ? r.segmentTemplate() : null));
        }
        return reps;
    }

    /** The FULL layout's Representations of the parts. */
    private static List<Representation> fullOf(List<Compactable> parts) {
        return parts.stream().map(Compactable::full).toList();
    }

    /** A COMPACT Representation id: the part of the segment URLs that names the track. */
    private static String representationId(Track t) {
        return t.rendition() + "_" + t.track().letter;
    }

    /** A track's segment URL template with the part that names the track replaced by {@code $RepresentationID$}. */
    private static String generic(String url, String segmentPrefix, Track t) {
        return url.replace("/" + segmentPrefix + "_" + representationId(t) + "_", "/" + segmentPrefix + "_$RepresentationID$_");
    }

    /**
     * The Representation of a subtitles rendition in one Period: {@code wvtt} fragments on the video's media time
     * line (timescale 90 kHz, the Period's {@code presentationTimeOffset}), each covering its video segment.
     */
    private static Representation textRepresentation(String segmentPrefix, TextTrack t, Anchor anchor) {
        List<TextSegment> segs = t.segments().stream()
                .filter(s -> s.discontinuitySequence() == anchor.discontinuitySequence()).toList();
        if (segs.isEmpty()) {
            return null;
        }
        List<long[]> times = new ArrayList<>(segs.size());
        for (TextSegment s : segs) {
            times.add(new long[] {s.startTicks90k(), s.durationTicks90k()});
        }
        String base = CmafManifestWriter.SEGMENT_FOLDER + "/" + segmentPrefix + "_" + t.rendition() + "_"
                + CmafManifestWriter.TEXT_LETTER + "_";
        SegmentTemplate template = new SegmentTemplate(90_000, anchor.mediaTime90k(),
                base + "init_" + anchor.discontinuitySequence() + ".mp4", base + "$Number$.mp4",
                segs.getFirst().sequence(), 0, timeline(times));
        return new Representation(CmafManifestWriter.TEXT_LETTER + t.rendition(), t.bandwidth(), "wvtt", 0, 0, null, 0, 0,
                template);
    }

    private static List<long[]> times(List<Segment> segs) {
        List<long[]> out = new ArrayList<>(segs.size());
        for (Segment s : segs) {
            out.add(new long[] {s.decodeTime(), s.duration()});
        }
        return out;
    }

    /**
     * Compresses segments (decode time and duration each, in order) into {@code <S>} elements: equal durations
     * that follow each other without a gap share one element ({@code r}); {@code t} is written on the first
     * element and wherever the time does not continue.
     */
    public static List<S> timeline(List<long[]> segments) {
        List<S> out = new ArrayList<>();
        long next = Long.MIN_VALUE;
        long t = -1;
        long d = -1;
        int r = -1;
        for (long[] s : segments) {
            if (r >= 0 && s[0] == next && s[1] == d) {
                r++;
            } else {
                if (r >= 0) {
                    out.add(new S(t, d, r));
                }
                t = s[0] == next ? -1 : s[0];
                d = s[1];
                r = 0;
            }
            next = s[0] + s[1];
        }
        if (r >= 0) {
            out.add(new S(t, d, r));
        }
        return out;
    }

    public static String write(Mpd mpd) {
        Xml x = new Xml();
        x.b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.open("MPD").attr("xmlns", "urn:mpeg:dash:schema:mpd:2011")
                .attr("profiles", String.join(",", mpd.profiles()));
        if (mpd.durationMillis() < 0) {
            x.attr("type", "dynamic")
                    .attr("availabilityStartTime", AVAILABILITY_START_TIME)
                    .attr("publishTime", ISO_MILLIS.format(Instant.ofEpochMilli(mpd.publishTimeMillis())))
                    .attr("minimumUpdatePeriod", seconds(mpd.minimumUpdatePeriodSeconds() * 1000L))
                    .attr("timeShiftBufferDepth", seconds(mpd.timeShiftBufferDepthSeconds() * 1000L))
                    .attr("minBufferTime", seconds(mpd.minBufferTimeSeconds() * 1000L))
                    .attr("suggestedPresentationDelay", seconds(mpd.suggestedPresentationDelaySeconds() * 1000L));
        } else {
            x.attr("type", "static")
                    .attr("publishTime", ISO_MILLIS.format(Instant.ofEpochMilli(mpd.publishTimeMillis())))
                    .attr("mediaPresentationDuration", seconds(mpd.durationMillis()))
                    .attr("minBufferTime", seconds(mpd.minBufferTimeSeconds() * 1000L));
        }
        x.children();
        for (Period p : mpd.periods()) {
            x.open("Period").attr("id", p.id()).attr("start", seconds(p.startMillis())).children();
            for (AdaptationSet a : p.adaptationSets()) {
                x.open("AdaptationSet").attr("id", Integer.toString(a.id())).attr("contentType", a.contentType())
                        .attr("mimeType", a.mimeType());
                if (a.lang() != null) {
                    x.attr("lang", a.lang());
                }
                if (a.contentType().equals("text")) {
                    x.children();
                } else {
                    x.attr("segmentAlignment", "true").attr("startWithSAP", "1").children();
                }
                for (Descriptor d : a.accessibility()) {
                    x.open("Accessibility").attr("schemeIdUri", d.schemeIdUri()).attr("value", d.value()).end();
                }
                if (a.role() != null) {
                    x.open("Role").attr("schemeIdUri", ROLE_SCHEME).attr("value", a.role()).end();
                }
                if (a.segmentTemplate() != null) {
                    segmentTemplate(x, a.segmentTemplate());
                }
                for (Representation r : a.representations()) {
                    representation(x, r);
                }
                x.close("AdaptationSet");
            }
            x.close("Period");
        }
        if (mpd.utcTiming() != null) {
            x.open("UTCTiming").attr("schemeIdUri", mpd.utcTiming().scheme()).attr("value", mpd.utcTiming().value()).end();
        }
        x.close("MPD");
        return x.b.toString();
    }

    private static void representation(Xml x, Representation r) {
        x.open("Representation").attr("id", r.id()).attr("bandwidth", Long.toString(r.bandwidth()));
        if (r.codecs() != null) {
            x.attr("codecs", r.codecs());
        }
        if (r.width() > 0 && r.height() > 0) {
            x.attr("width", Integer.toString(r.width())).attr("height", Integer.toString(r.height()));
        }
        if (r.frameRate() != null) {
            x.attr("frameRate", r.frameRate());
        }
        if (r.audioSamplingRate() > 0) {
            x.attr("audioSamplingRate", Integer.toString(r.audioSamplingRate()));
        }
        if (r.channels() == 0 && r.segmentTemplate() == null) {
            x.end(); // COMPACT video: the AdaptationSet holds the template
            return;
        }
        x.children();
        if (r.channels() > 0) {
            x.open("AudioChannelConfiguration").attr("schemeIdUri", CHANNEL_CONFIGURATION)
                    .attr("value", Integer.toString(r.channels())).end();
        }
        if (r.segmentTemplate() != null) {
            segmentTemplate(x, r.segmentTemplate());
        }
        x.close("Representation");
    }

    private static void segmentTemplate(Xml x, SegmentTemplate t) {
        x.open("SegmentTemplate").attr("timescale", Long.toString(t.timescale()))
                .attr("presentationTimeOffset", Long.toString(t.presentationTimeOffset()));
        x.attr("initialization", t.initialization()).attr("media", t.media())
                .attr("startNumber", Long.toString(t.startNumber()));
        if (t.timeline() == null) {
            x.attr("duration", Long.toString(t.duration())).end();
        } else {
            x.children().open("SegmentTimeline").children();
            for (S s : t.timeline()) {
                x.open("S");
                if (s.t() >= 0) {
                    x.attr("t", Long.toString(s.t()));
                }
                x.attr("d", Long.toString(s.d()));
                if (s.r() > 0) {
                    x.attr("r", Integer.toString(s.r()));
                }
                x.end();
            }
            x.close("SegmentTimeline").close("SegmentTemplate");
        }
    }

    /** An xs:duration in whole seconds and milliseconds: {@code PT60S}, {@code PT1764000000.04S}. */
    static String seconds(long millis) {
        StringBuilder b = new StringBuilder("PT").append(millis / 1000);
        long ms = millis % 1000;
        if (ms != 0) {
            String frac = String.format("%03d", ms);
            b.append('.').append(frac.replaceAll("0+$", ""));
        }
        return b.append('S').toString();
    }

    /** A frame rate as DASH writes it: an integer, or a fraction over 1001 for the NTSC rates. */
    public static String frameRate(double fps) {
        if (fps <= 0) {
            return null;
        }
        long rounded = Math.round(fps);
        if (Math.abs(fps - rounded) < 0.001) {
            return Long.toString(rounded);
        }
        long ntsc = Math.round(fps * 1001);
        if (ntsc % 1000 == 0 && Math.abs(ntsc / 1001.0 - fps) < 0.001) {
            return ntsc + "/1001";
        }
        return Math.round(fps * 1000) + "/1000";
    }

    /** A tiny XML writer: two-space indentation, attributes in call order, values escaped. */
    private static final class Xml {
        final StringBuilder b = new StringBuilder(4096);
        int depth;

        Xml open(String name) {
            b.append("  ".repeat(depth)).append('<').append(name);
            return this;
        }

        Xml attr(String name, String value) {
            XmlAttributes.append(b, name, value);
            return this;
        }

        Xml children() {
            b.append(">\n");
            depth++;
            return this;
        }

        Xml end() {
            b.append("/>\n");
            return this;
        }

        Xml close(String name) {
            depth--;
            b.append("  ".repeat(depth)).append("</").append(name).append(">\n");
            return this;
        }
    }
}
