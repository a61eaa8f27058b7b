package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.mux.mp4.box.AudioSampleEntry;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.CodecConfigurationBox;
import dev.wharf.packager.mux.mp4.box.ContainerBox;
import dev.wharf.packager.mux.mp4.box.DataReferenceBox;
import dev.wharf.packager.mux.mp4.box.EmptySampleTableBox;
import dev.wharf.packager.mux.mp4.box.EsdBox;
import dev.wharf.packager.mux.mp4.box.FileTypeBox;
import dev.wharf.packager.mux.mp4.box.HandlerBox;
import dev.wharf.packager.mux.mp4.box.MediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieHeaderBox;
import dev.wharf.packager.mux.mp4.box.NullMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.SampleDescriptionBox;
import dev.wharf.packager.mux.mp4.box.SoundMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackExtendsBox;
import dev.wharf.packager.mux.mp4.box.TrackHeaderBox;
import dev.wharf.packager.mux.mp4.box.VideoMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.VisualSampleEntry;
import dev.wharf.packager.mux.mp4.box.WebVttSampleEntry;
import dev.wharf.packager.sample.TrackFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a CMAF header (init segment) for fragmented tracks: {@code ftyp} + {@code moov}.
 *
 * <pre>
 * ftyp  major iso6, compatible iso6 cmfc dash
 * moov
 *   mvhd  timescale 1000, duration 0, next_track_ID = max track id + 1
 *   trak  (one per track, in the order given)
 *     tkhd  enabled|in_movie, width/height (video), volume 1.0 (audio)
 *     mdia
 *       mdhd  the track's timescale and language
 *       hdlr  vide | soun | text
 *       minf
 *         vmhd | smhd | nmhd
 *         dinf/dref/url   self-contained
 *         stbl
 *           stsd  avc1+avcC | hvc1+hvcC | mp4a+esds | ac-3+dac3 | ec-3+dec3 | wvtt+vttC
 *           stts stsc stsz stco  empty
 *   mvex
 *     trex  (one per track) default_sample_description_index 1, other defaults 0
 * </pre>
 *
 * <p>Brands ({@code ftyp}, ISO/IEC 14496-12 4.3):
 * <ul>
 *   <li>{@code iso6}, major and compatible: the ISO BMFF brand that covers every feature the segments use
 *       ({@code trun} version 1 from {@code iso4}, default-base-is-moof from {@code iso5}, {@code tfdt} and
 *       {@code styp} from {@code iso6}; 14496-12 Annex E) and no more. CMAF does not fix the major brand;
 *       it needs {@code cmfc} among the compatible ones.</li>
 *   <li>{@code cmfc}: the CMAF structural brand; a CMAF header shall list it (ISO/IEC 23000-19 7.2, 7.3.1).
 *       No CMAF media profile brand ({@code cfhd}, {@code caac}...): those promise codec constraints
 *       (level, resolution, channel layout) this writer does not check.</li>
 *   <li>{@code dash}: ISO BMFF for DASH (ISO/IEC 23009-1 6.3.4.1, DASH-IF IOP); harmless for HLS.</li>
 * </ul>
 *
 * <p>Codecs (chosen from {@link TrackFormat#codec()}'s first RFC 6381 element):
 * {@code avc1}/{@code avc3} → {@code avc1} and {@code hvc1}/{@code hev1} → {@code hvc1}, because the
 * demuxer strips parameter sets from samples: they are only in the configuration record (ISO/IEC 14496-15
 * 5.4.2 / 8.4.1). For AC-3 and E-AC-3 {@code channelcount} is 2, as ETSI TS 102 366 F.3/F.5 require: the
 * channel layout is in {@code dac3}/{@code dec3}. WebVTT is timed text (ISO/IEC 14496-30): handler
 * {@code text} with a {@code nmhd} (14496-12 12.5); {@code sthd} belongs to {@code subt} tracks (TTML).
 *
 * <p>Same input, same bytes: no times, no random values.
 */
public final class InitSegmentWriter {

    public static final String MAJOR_BRAND = "iso6";
    public static final List<String> COMPATIBLE_BRANDS = List.of("iso6", "cmfc", "dash");
    /** {@code mvhd} timescale; the movie has no duration (live), so the value only has to be valid. */
    public static final int MOVIE_TIMESCALE = 1000;
    /** {@code vttC} when the track carries no WebVTT header of its own (ISO/IEC 14496-30 7.5). */
    static final String DEFAULT_WEBVTT_CONFIG = "WEBVTT";

    private InitSegmentWriter() {
    }

    /** The init segment of {@code tracks}. */
    public static byte[] write(List<TrackFormat> tracks) {
        return Box.serialize(boxes(tracks));
    }

    /** Exactly {@code write(tracks).length}, computed without writing. */
    public static long size(List<TrackFormat> tracks) {
        return Box.sizeOf(boxes(tracks));
    }

    /** The init segment's top-level boxes: {@code ftyp}, {@code moov}. */
    public static List<Box> boxes(List<TrackFormat> tracks) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an init segment needs at least one track");
        }
        Set<Integer> ids = new HashSet<>();
        int maxTrackId = 0;
        for (TrackFormat t : tracks) {
            if (t.trackId() <= 0 || !ids.add(t.trackId())) {
                throw new IllegalArgumentException("track ids must be positive and distinct: " + t.trackId());
            }
            if (t.timescale() <= 0) {
                throw new IllegalArgumentException("track " + t.trackId() + ": timescale " + t.timescale());
            }
            maxTrackId = Math.max(maxTrackId, t.trackId());
        }
        List<Box> moov = new ArrayList<>();
        moov.add(new MovieHeaderBox(MOVIE_TIMESCALE, 0, maxTrackId + 1L));
        for (TrackFormat t : tracks) {
            moov.add(trak(t));
        }
        List<Box> trexes = new ArrayList<>();
        for (TrackFormat t : tracks) {
            trexes.add(new TrackExtendsBox(t.trackId(), 1, 0, 0, 0));
        }
        moov.add(new ContainerBox(ContainerBox.MOVIE_EXTENDS, trexes));
        return List.of(new FileTypeBox(MAJOR_BRAND, 0, COMPATIBLE_BRANDS),
                new ContainerBox(ContainerBox.MOVIE, moov));
    }

    private static Box trak(TrackFormat t) {
        boolean video = t.kind() == TrackFormat.Kind.VIDEO;
        boolean audio = t.kind() == TrackFormat.Kind.AUDIO;
        var tkhd = new TrackHeaderBox(TrackHeaderBox.ENABLED | TrackHeaderBox.IN_MOVIE, t.trackId(), 0, 0,
                audio ? 0x0100 : 0, video ? t.width() : 0, video ? t.height() : 0);
        Box mediaHeader = switch (t.kind()) {
            case VIDEO -> new VideoMediaHeaderBox();
            case AUDIO -> new SoundMediaHeaderBox();
            case SUBTITLES -> new NullMediaHeaderBox(); // wvtt is timed text: 'text' + nmhd, not 'subt' + sthd
        };
        var hdlr = switch (t.kind()) {
            case VIDEO -> new HandlerBox(HandlerBox.VIDEO, "VideoHandler");
            case AUDIO -> new HandlerBox(HandlerBox.SOUND, "SoundHandler");
            case SUBTITLES -> new HandlerBox(HandlerBox.TEXT, "TextHandler");
        };
        var stbl = ContainerBox.of(ContainerBox.SAMPLE_TABLE,
                new SampleDescriptionBox(List.of(sampleEntry(t))),
                new EmptySampleTableBox(EmptySampleTableBox.TIME_TO_SAMPLE),
                new EmptySampleTableBox(EmptySampleTableBox.SAMPLE_TO_CHUNK),
                new EmptySampleTableBox(EmptySampleTableBox.SAMPLE_SIZE),
                new EmptySampleTableBox(EmptySampleTableBox.CHUNK_OFFSET));
        var minf = ContainerBox.of(ContainerBox.MEDIA_INFORMATION, mediaHeader,
                ContainerBox.of(ContainerBox.DATA_INFORMATION, DataReferenceBox.selfContained()), stbl);
        var mdia = ContainerBox.of(ContainerBox.MEDIA,
                new MediaHeaderBox(t.timescale(), 0, language(t.language())), hdlr, minf);
        return ContainerBox.of(ContainerBox.TRACK, tkhd, mdia);
    }

    /** The sample entry for the track's codec. */
    static Box sampleEntry(TrackFormat t) {
        String codec = t.codec() == null ? "" : t.codec();
        int dot = codec.indexOf('.');
        String fourcc = dot < 0 ? codec : codec.substring(0, dot);
        return switch (fourcc) {
            case "avc1", "avc3" -> video(t, VisualSampleEntry.AVC1, CodecConfigurationBox.AVC);
            case "hvc1", "hev1" -> video(t, VisualSampleEntry.HVC1, CodecConfigurationBox.HEVC);
            case "mp4a" -> audio(t, AudioSampleEntry.MP4A, t.channels(), EsdBox.aac(config(t)));
            case "ac-3" -> audio(t, AudioSampleEntry.AC3, 2, new CodecConfigurationBox(CodecConfigurationBox.AC3, config(t)));
            case "ec-3" -> audio(t, AudioSampleEntry.EC3, 2, new CodecConfigurationBox(CodecConfigurationBox.EC3, config(t)));
            case "wvtt" -> {
                expectKind(t, TrackFormat.Kind.SUBTITLES);
                byte[] config = t.decoderConfig() == null || t.decoderConfig().length == 0
                        ? DEFAULT_WEBVTT_CONFIG.getBytes(StandardCharsets.UTF_8) : t.decoderConfig();
                yield new WebVttSampleEntry(1, List.of(new CodecConfigurationBox(CodecConfigurationBox.WEBVTT, config)));
            }
            default -> throw new IllegalArgumentException("track " + t.trackId() + ": codec '" + codec
                    + "' cannot be written to fMP4 (supported: avc1, avc3, hvc1, hev1, mp4a, ac-3, ec-3, wvtt)");
        };
    }

    private static Box video(TrackFormat t, String entry, String configBox) {
        expectKind(t, TrackFormat.Kind.VIDEO);
        if (t.width() <= 0 || t.width() > 0xFFFF || t.height() <= 0 || t.height() > 0xFFFF) {
            throw new IllegalArgumentException("track " + t.trackId() + ": size " + t.width() + "x" + t.height());
        }
        return new VisualSampleEntry(entry, 1, t.width(), t.height(), "",
                List.of(new CodecConfigurationBox(configBox, config(t))));
    }

    private static Box audio(TrackFormat t, String entry, int channelCount, Box config) {
        expectKind(t, TrackFormat.Kind.AUDIO);
        if (t.sampleRate() <= 0) {
            throw new IllegalArgumentException("track " + t.trackId() + ": sample rate " + t.sampleRate());
        }
        return new AudioSampleEntry(entry, 1, channelCount, 16, t.sampleRate(), List.of(config));
    }

    private static byte[] config(TrackFormat t) {
        if (t.decoderConfig() == null || t.decoderConfig().length == 0) {
            throw new IllegalArgumentException("track " + t.trackId() + " (" + t.codec() + ") has no decoder configuration");
        }
        return t.decoderConfig();
    }

    private static void expectKind(TrackFormat t, TrackFormat.Kind kind) {
        if (t.kind() != kind) {
            throw new IllegalArgumentException("track " + t.trackId() + ": codec " + t.codec() + " in a "
                    + t.kind() + " track");
        }
    }

    /** The ISO 639-2/T code in lower case, {@code und} when missing or not three letters. */
    static String language(String language) {
        if (language == null) {
            return "und";
        }
        String l = language.toLowerCase(Locale.ROOT);
        return l.length() == 3 && l.chars().allMatch(c -> c >= 'a' && c <= 'z') ? l : "und";
    }
}
