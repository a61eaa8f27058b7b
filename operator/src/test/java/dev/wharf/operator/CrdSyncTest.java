package dev.wharf.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs in {@code crds/} must be what the build generated from the Java API
 * (target/classes/META-INF/fabric8). To refresh them: {@code ./mvnw -pl operator -am verify -Dwharf.crds.update=true}.
 */
class CrdSyncTest {
    @Test
    void committedCrdsMatchTheGeneratedOnes() throws IOException {
        Path generated = Path.of(System.getProperty("wharf.crds.generated", "target/classes/META-INF/fabric8"));
        Path committed = Path.of(System.getProperty("wharf.crds.committed", "../crds"));
        List<Path> files;
        try (Stream<Path> s = Files.list(generated)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("channels.wharf.dev-v1.yml", "originendpoints.wharf.dev-v1.yml");
        if (Boolean.getBoolean("wharf.crds.update")) {
            Files.createDirectories(committed);
            for (Path f : files) {
                Files.copy(f, committed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (Path f : files) {
            Path c = committed.resolve(f.getFileName());
            assertThat(c).as("crds/%s is missing; run with -Dwharf.crds.update=true", f.getFileName()).exists();
            assertThat(Files.readString(c))
                    .as("crds/%s is stale: the Java API changed. Regenerate with -Dwharf.crds.update=true and commit", f.getFileName())
                    .isEqualTo(Files.readString(f));
        }
    }
}
