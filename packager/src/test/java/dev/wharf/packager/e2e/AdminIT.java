package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.Packager;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.TimelineEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The management operations: a channel's input health, and ResetChannelState. */
class AdminIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void inputHealthAndResetChannelState() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-admin"), 6, 0);
        try (Packager p = Packager.start(TestPackagers.config(null, null));
             ReplayPusher a = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1, segments, 1_000_000)) {
            String admin = "http://127.0.0.1:" + p.adminPort() + "/admin/channels/live/news";
            JsonNode before = new ObjectMapper().readTree(IngestBadInputIT.get(admin));
            assertThat(before.get("activeInput").isNull()).isTrue();

            for (int i = 0; i < 3; i++) {
                a.push(i);
            }
            JsonNode status = new ObjectMapper().readTree(IngestBadInputIT.get(admin));
            assertThat(status.get("activeInput").asText()).isEqualTo("in1");
            assertThat(status.get("failovers").asLong()).isZero();
            assertThat(status.get("inputs").get(0).get("id").asText()).isEqualTo("in1");
            assertThat(status.get("inputs").get(0).get("active").asBoolean()).isTrue();
            assertThat(status.get("inputs").get(0).get("lastContentMillis").asLong()).isPositive();
            assertThat(status.get("inputs").get(1).get("lastContentMillis").asLong()).isEqualTo(-1);
            assertThat(p.store().entries(FailoverIT.CHANNEL, ChannelTimeline.OUTPUT, FailoverIT.RENDITION, 0, 10)).hasSize(3);

            HttpResponse<String> reset = HTTP.send(HttpRequest.newBuilder(URI.create(admin + "/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(reset.body()).contains("resetAtMillis");
            String playlist = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index_1.m3u8";
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(playlist)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);

            // The encoder restarts with reset numbering: a clean start, from sequence 0, no discontinuity.
            try (ReplayPusher restarted = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                    segments, 1_000_000)) {
                restarted.push(0);
                restarted.push(1);
            }
            List<TimelineEntry> out = p.store().entries(FailoverIT.CHANNEL, ChannelTimeline.OUTPUT, FailoverIT.RENDITION, 0, 10);
            assertThat(out).extracting(TimelineEntry::sequence).containsExactly(0L, 1L);
            assertThat(out).noneMatch(TimelineEntry::discontinuity);
            assertThat(IngestBadInputIT.get(playlist)).contains("#EXT-X-MEDIA-SEQUENCE:0");
        }
    }
}
