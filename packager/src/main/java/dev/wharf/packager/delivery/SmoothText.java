package dev.wharf.packager.delivery;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.mux.mp4.SmoothFragmentWriter;
import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.packager.text.SmoothTtml;
import dev.wharf.packager.text.WebVtt;
import dev.wharf.packager.text.WvttFragments;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The subtitles renditions of a Smooth endpoint: one text {@code StreamIndex} per rendition ({@code Subtype="SUBT"},
 * one {@code FourCC="TTML"} quality level), named {@code text_{rendition}}. A chunk is a subtitles segment over the
 * media time of the video segment it was cut with ({@link SubtitleOutputs#videoMatch}), in 10 MHz: the same
 * deterministic ranges as the DASH {@code wvtt} track. Its fragment's {@code mdat} is the TTML document of the
 * segment's cues over that range ({@link SmoothTtml}); {@code tfxd} is the chunk, {@code tfrf} the next ones.
 */
final class SmoothText {
    static final String PREFIX = "text_";
    /** The text quality level's Bitrate: fixed, so fragment URLs stay valid across renders (it is informational). */
    static final long BITRATE = 1000;

    private final PlaybackService playback;
    private final LookAheadWait edge;

    SmoothText(PlaybackService playback, LookAheadWait edge) {
        this.playback = playback;
        this.edge = edge;
    }

    /** One subtitles segment as a Smooth chunk. */
    record TextChunk(TimelineEntry entry, long start90k, long end90k, Chunk chunk) {}

    /** The text streams of the channel (empty without video or subtitles). */
    List<SmoothManifestWriter.Stream> streams(Channel channel, int windowSeconds) {
        PlaybackService.Generation g = playback.generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        List<SmoothManifestWriter.Stream> out = new ArrayList<>();
        if (snap.input() == null) {
            return out;
        }
        for (OutputRendition r : snap.renditions()) {
            if (!SubtitleOutputs.isSubtitles(r)) {
                continue;
            }
            List<TextChunk> chunks = chunks(channel, g, snap, r, windowSeconds);
            if (!chunks.isEmpty()) {
                out.add(new SmoothManifestWriter.Stream("text", PREFIX + r.index(), r.media().language(), 0, 0,
                        List.of(SmoothManifestWriter.QualityLevel.ttml(BITRATE)),
                        chunks.stream().map(TextChunk::chunk).toList()));
            }
        }
        return out;
    }

    private List<TextChunk> chunks(Channel channel, PlaybackService.Generation g, ChannelSnapshot snap,
                                   OutputRendition r, int windowSeconds) {
        OutputRendition video = SubtitleOutputs.videoSource(snap);
        PlaybackService.Window vw = video == null ? null : playback.window(channel, g, video, windowSeconds);
        PlaybackService.Window w = vw == null ? null : playback.window(channel, g, r, windowSeconds);
        List<TextChunk> out = new ArrayList<>();
        if (w == null) {
            return out;
        }
        long lastEnd = Long.MIN_VALUE;
        for (TimelineEntry e : w.entries()) {
            TimelineEntry v = SubtitleOutputs.videoMatch(vw.entries(), e);
            if (v == null) {
                continue;
            }
            long start = v.mediaTime90k();
            long end = start + SubtitleOutputs.ticks90k(v);
            if (start < lastEnd) {
                continue; // two subtitles segments matched one video segment: chunk times must increase
            }
            lastEnd = end;
            out.add(new TextChunk(e, start, end, SmoothFragmentWriter.chunk(start, end - start, WvttFragments.TIMESCALE)));
        }
        return out;
    }

    /** The index of the chunk at {@code time}, or -1. */
    private static int indexOf(List<TextChunk> chunks, long time) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).chunk().time() == time) {
                return i;
            }
        }
        return -1;
    }

    private static List<Chunk> next(List<TextChunk> chunks, int i) {
        return chunks.subList(i + 1, Math.min(chunks.size(), i + 1 + SmoothManifestWriter.LOOK_AHEAD_FRAGMENT_COUNT))
                .stream().map(TextChunk::chunk).toList();
    }

    /** Serves {@code QualityLevels(b)/Fragments(text_n=t)}. */
    void serve(ServerRequest req, ServerResponse res, Channel channel, int windowSeconds, SmoothRequest.Fragment f,
               boolean head) {
        PlaybackService.Generation g = playback.generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = null;
        try {
            r = snap.input() == null ? null : snap.rendition(Integer.parseInt(f.stream().substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            // not a rendition number: below
        }
        if (!SubtitleOutputs.isSubtitles(r)) {
            PlaybackService.notFound(res, "no text stream " + f.stream());
            return;
        }
        if (f.bitrate() != BITRATE) {
            PlaybackService.notFound(res, "no " + f.stream() + " quality level with bitrate " + f.bitrate());
            return;
        }
        // twice the manifest's window: a player may ask for a chunk the manifest listed a moment ago
        List<TextChunk> chunks = chunks(channel, g, snap, r, 2 * windowSeconds);
        int i = indexOf(chunks, f.time());
        byte[] vtt = i < 0 ? null : playback.ingested(channel, chunks.get(i).entry());
        if (vtt == null) {
            PlaybackService.notFound(res, "no " + f.stream() + " fragment at time " + f.time() + " in the window");
            return;
        }
        TextChunk c = chunks.get(i);
        OutputRendition rendition = r;
        List<Chunk> next = edge.await(channel.key().name(), "mss-text|" + channel.key() + "|" + f.stream() + "|" + f.time(), c.entry(), 1,
                playback.clock, () -> playback.ended(channel, rendition), next(chunks, i), () -> {
                    PlaybackService.Generation fresh = playback.generation(channel);
                    List<TextChunk> now = chunks(channel, fresh, fresh.snapshot.get(), rendition, 2 * windowSeconds);
                    int k = indexOf(now, f.time());
                    return k < 0 ? List.of() : next(now, k);
                });
        byte[] bytes = SmoothTtml.fragment(WebVtt.forHls(vtt), c.entry().sequence() + 1, c.start90k(), c.end90k(),
                r.media().language(), next);
        if (f.infoOnly()) {
            int moof = (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF;
            bytes = Arrays.copyOf(bytes, moof);
        }
        boolean complete = next.size() == SmoothManifestWriter.LOOK_AHEAD_FRAGMENT_COUNT;
        String etag = "\"mss-" + c.entry().source() + "-" + r.index() + "t-" + c.entry().sequence() + "-" + next.size()
                + (f.infoOnly() ? "i" : "") + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, "application/mp4");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + (complete ? Math.min(86_400, channel.retention().toSeconds()) : 1));
        res.header(HeaderNames.ETAG, etag);
        playback.send(req, res, bytes, etag, head);
    }
}
