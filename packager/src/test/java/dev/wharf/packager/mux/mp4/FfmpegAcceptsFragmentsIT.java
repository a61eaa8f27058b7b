package dev.wharf.packager.mux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.sample.Sample;
import dev.wharf.testing.ExternalTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real decoders accept what the writers produce. ffmpeg encodes a 2 s clip (two GOPs) into a
 * fragmented MP4 ({@code delay_moov}: ffmpeg fills dac3/dec3 from the first packets); {@link Fmp4Source} takes its samples and codec configurations apart (standing in for
 * the TS demuxer, not merged yet); {@link InitSegmentWriter} and {@link FragmentWriter} re-mux them into
 * {@code init.mp4 + seg1.m4s + seg2.m4s}, one GOP per segment, and the concatenation must
 * <ul>
 *   <li>probe and decode without a single ffprobe/ffmpeg message at {@code -v error},</li>
 *   <li>have the source's codecs, size, frame counts ({@code -count_frames}) and durations,</li>
 *   <li>decode to the very same frames as the source ({@code framemd5} of every video and audio frame).</li>
 * </ul>
 * ffmpeg is a real process, hence {@code *IT}.
 */
class FfmpegAcceptsFragmentsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void h264AndAac() throws Exception {
        Path source = encode("-c:v", "libx264", "-profile:v", "high", "-g", "25", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2");

        JsonNode streams = remuxAndCheck(source, "avc1", "mp4a");

        assertThat(streams.get(0).get("codec_name").asText()).isEqualTo("h264");
        assertThat(streams.get(0).get("nb_read_frames").asInt()).isEqualTo(50);
        assertThat(streams.get(1).get("codec_name").asText()).isEqualTo("aac");
        assertThat(streams.get(1).get("sample_rate").asInt()).isEqualTo(48000);
        assertThat(streams.get(1).get("channels").asInt()).isEqualTo(2);
    }

    @Test
    void hevcAndAc3() throws Exception {
        assumeThat(encoders()).as("ffmpeg built with libx265").contains(" libx265 ");
        Path source = encode("-c:v", "libx265", "-tag:v", "hvc1",
                "-x265-params", "log-level=error:keyint=25:min-keyint=25:scenecut=0",
                "-c:a", "ac3", "-b:a", "192k", "-ac", "2");

        JsonNode streams = remuxAndCheck(source, "hvc1", "ac-3");

        assertThat(streams.get(0).get("codec_name").asText()).isEqualTo("hevc");
        assertThat(streams.get(0).get("codec_tag_string").asText()).isEqualTo("hvc1");
        assertThat(streams.get(0).get("nb_read_frames").asInt()).isEqualTo(50);
        assertThat(streams.get(1).get("codec_name").asText()).isEqualTo("ac3");
        assertThat(streams.get(1).get("channels").asInt()).isEqualTo(2);
    }

    @Test
    void h264AndEac3() throws Exception {
        Path source = encode("-c:v", "libx264", "-g", "25", "-sc_threshold", "0",
                "-c:a", "eac3", "-b:a", "96k", "-ac", "2");

        JsonNode streams = remuxAndCheck(source, "avc1", "ec-3");

        assertThat(streams.get(1).get("codec_name").asText()).isEqualTo("eac3");
    }

    /** A 320x240 25 fps testsrc2 + 1 kHz 48 kHz sine, 2 s, fragmented at each keyframe. */
    private Path encode(String... codecArgs) throws Exception {
        Path out = dir.resolve("source.mp4");
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.ffmpeg().toString(), "-nostdin", "-hide_banner",
                "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "2"));
        cmd.addAll(List.of(codecArgs));
        // No edit list: the writers don't make one (TS times are absolute), so the source must not either
        // or start times and the first (priming) audio frame would differ.
        cmd.addAll(List.of("-fflags", "+bitexact", "-flags", "+bitexact", "-use_editlist", "0",
                "-movflags", "+frag_keyframe+empty_moov+delay_moov+default_base_moof", "-f", "mp4", out.toString()));
        Result r = run(cmd);
        assertThat(r.exit()).as("ffmpeg encode: %s", r.stderr()).isZero();
        return out;
    }

    /**
     * Re-muxes the source into init + two segments, checks ffprobe/ffmpeg are silent and that the
     * result equals the source frame by frame; returns ffprobe's streams of the re-mux.
     */
    private JsonNode remuxAndCheck(Path source, String videoEntry, String audioEntry) throws Exception {
        List<Fmp4Source.Track> tracks = Fmp4Source.read(Files.readAllBytes(source));
        assertThat(tracks).hasSize(2);
        Fmp4Source.Track video = tracks.get(0);
        Fmp4Source.Track audio = tracks.get(1);
        assertThat(video.format().codec()).isEqualTo(videoEntry);
        assertThat(audio.format().codec()).startsWith(audioEntry);

        // Segment boundary: the second keyframe; audio splits at the same instant.
        List<Sample> v = video.samples();
        int split = 1;
        while (!v.get(split).sync()) {
            split++;
        }
        long splitDts = v.get(split).decodeTime();
        long videoTimescale = video.format().timescale();
        long audioTimescale = audio.format().timescale();
        List<Sample> a = audio.samples();
        int audioSplit = 0;
        while (audioSplit < a.size() && a.get(audioSplit).decodeTime() * videoTimescale < splitDts * audioTimescale) {
            audioSplit++;
        }
        assertThat(split).as("two GOPs").isLessThan(v.size());
        assertThat(audioSplit).isBetween(1, a.size() - 1);

        byte[] init = InitSegmentWriter.write(List.of(video.format(), audio.format()));
        byte[] seg1 = FragmentWriter.write(1, List.of(TrackRun.of(video.format(), v.subList(0, split)),
                TrackRun.of(audio.format(), a.subList(0, audioSplit))));
        byte[] seg2 = FragmentWriter.write(2, List.of(TrackRun.of(video.format(), v.subList(split, v.size())),
                TrackRun.of(audio.format(), a.subList(audioSplit, a.size()))));
        Path concat = dir.resolve("concat.mp4");
        Files.write(dir.resolve("init.mp4"), init);
        Files.write(dir.resolve("seg1.m4s"), seg1);
        Files.write(dir.resolve("seg2.m4s"), seg2);
        try (OutputStream out = Files.newOutputStream(concat)) {
            out.write(init);
            out.write(seg1);
            out.write(seg2);
        }

        Result probe = run(List.of(ExternalTools.ffprobe().toString(), "-v", "error", concat.toString()));
        assertThat(probe.exit()).isZero();
        assertThat(probe.stdout() + probe.stderr()).as("ffprobe -v error").isEmpty();

        Result decode = run(List.of(ExternalTools.ffmpeg().toString(), "-nostdin", "-v", "error", "-i",
                concat.toString(), "-f", "null", "-"));
        assertThat(decode.exit()).isZero();
        assertThat(decode.stdout() + decode.stderr()).as("ffmpeg -v error decode").isEmpty();

        JsonNode remuxed = streams(concat);
        JsonNode original = streams(source);
        assertThat(remuxed.get(0).get("width").asInt()).isEqualTo(320);
        assertThat(remuxed.get(0).get("height").asInt()).isEqualTo(240);
        assertThat(remuxed.get(0).get("nb_read_frames").asInt()).isEqualTo(v.size());
        assertThat(remuxed.get(1).get("nb_read_frames").asInt()).isEqualTo(a.size());
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("codec_name", "codec_tag_string", "profile", "width", "height", "pix_fmt",
                    "sample_rate", "channels", "channel_layout", "time_base", "start_pts", "duration_ts",
                    "duration", "nb_read_frames")) {
                assertThat(remuxed.get(i).path(field)).as("stream %d %s", i, field)
                        .isEqualTo(original.get(i).path(field));
            }
        }
        assertThat(remuxed.get(0).get("duration").asDouble()).isEqualTo(2.0);

        assertThat(frameHashes(concat)).as("decoded frames").isEqualTo(frameHashes(source));
        return remuxed;
    }

    private JsonNode streams(Path file) throws Exception {
        Result r = run(List.of(ExternalTools.ffprobe().toString(), "-v", "error", "-count_frames",
                "-show_streams", "-of", "json", file.toString()));
        assertThat(r.exit()).as(r.stderr()).isZero();
        return JSON.readTree(r.stdout()).get("streams");
    }

    /** Every decoded frame's timestamp, duration, size and MD5 ({@code -f framemd5}). */
    private List<String> frameHashes(Path file) throws Exception {
        Result r = run(List.of(ExternalTools.ffmpeg().toString(), "-nostdin", "-v", "error", "-i", file.toString(),
                "-map", "0", "-f", "framemd5", "-"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).isNotEmpty();
        return lines;
    }

    private static String encoders() throws Exception {
        return run(List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-encoders")).stdout();
    }

    private record Result(int exit, String stdout, String stderr) { }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ffmpeg-out", ".txt");
        Path err = Files.createTempFile("ffmpeg-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
