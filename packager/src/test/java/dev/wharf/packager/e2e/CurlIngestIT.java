package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.Packager;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.SegmentVersions;
import dev.wharf.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl as the encoder: {@code --digest -T}, Content-Length bodies, several files on one kept-alive connection. */
class CurlIngestIT {

    static String curl(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.require("curl", "curl").toString(), "-sS",
                "-o", "/dev/null", "-w", "%{http_code} %{num_connects}\\n"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }

    @Test
    void curlDigestUploadsFilesOneByOneAndOnAKeptAliveConnection(@TempDir Path dir) throws Exception {
        byte[] ts = IngestBadInputIT.resource("/media/h264_baseline_320x240_15.ts");
        Path a = Files.write(dir.resolve("a.ts"), ts);
        Path b = Files.write(dir.resolve("b.ts"), ts);
        Path big = Files.write(dir.resolve("big.ts"), java.util.Collections.nCopies(40, ts).stream()
                .reduce(new java.io.ByteArrayOutputStream(), (o, x) -> { o.writeBytes(x); return o; }, (x, y) -> x).toByteArray());
        try (Packager p = Packager.start(TestPackagers.config(null, null))) {
            String base = "http://127.0.0.1:" + p.ingestPort() + "/in/v2/live/news/in1/";
            String creds = TestPackagers.USER1 + ":" + TestPackagers.PASS1;
            // one file: challenge, then the authenticated upload (201)
            assertThat(curl(List.of("--digest", "-u", creds, "-T", a.toString(), base + "one.ts"))).startsWith("201");
            // a body over 1 MiB: curl sends Expect: 100-continue and gets the 401 before sending it
            assertThat(big.toFile().length()).isGreaterThan(1 << 20);
            assertThat(curl(List.of("--digest", "-u", creds, "-T", big.toString(), base + "big.ts"))).startsWith("201");
            // two files in one invocation: curl keeps the connection and answers each challenge
            String two = curl(List.of("--digest", "-u", creds, "-T", "{" + a + "," + b + "}", base));
            assertThat(two.lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("201"));
            // wrong password: refused, nothing stored
            assertThat(curl(List.of("--digest", "-u", TestPackagers.USER1 + ":nope", "-T", a.toString(), base + "nope.ts")))
                    .startsWith("401");
            ChannelKey ch = new ChannelKey("live", "news");
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "one.ts")).hasValueSatisfying(v -> assertThat(v).isEqualTo(ts));
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "big.ts")).isPresent();
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "a.ts")).isPresent();
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "b.ts")).isPresent();
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "nope.ts")).isEmpty();
            // DELETE the curl way: 204, content kept for the retention
            assertThat(curl(List.of("--digest", "-u", creds, "-X", "DELETE", base + "one.ts"))).startsWith("204");
            assertThat(new SegmentVersions(p.store()).read(ch, "in1", "one.ts")).isPresent();
        }
    }
}
