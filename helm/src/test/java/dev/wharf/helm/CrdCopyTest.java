package dev.wharf.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRDs reach the cluster only through the chart's crds/ (Helm installs them once, never from
 * templates/), and that copy is the build's copy of the generated top-level crds/.
 */
class CrdCopyTest {

    private static final Path TOP_LEVEL = WharfChart.REPO.resolve("crds");
    private static final Path CHART_CRDS = WharfChart.CHART.resolve("crds");

    @Test
    void noCrdsInTemplates() throws IOException {
        try (Stream<Path> files = Files.walk(WharfChart.CHART.resolve("templates"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(file ->
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("CustomResourceDefinition"));
        }
        assertThat(WharfChart.chart().render().ofKind("CustomResourceDefinition")).isEmpty();
    }

    @Test
    void chartCrdsAreExactCopiesOfTheGeneratedCrds() throws IOException {
        assertThat(yamlFiles(TOP_LEVEL)).as("generated CRDs in crds/").hasSize(2);

        assertThat(yamlFiles(CHART_CRDS)).as("files in helm/wharf/crds/ vs crds/").isEqualTo(yamlFiles(TOP_LEVEL));
        for (String name : yamlFiles(TOP_LEVEL)) {
            assertThat(Files.readString(CHART_CRDS.resolve(name))).as("helm/wharf/crds/%s is stale: run ./mvnw -B verify and commit it", name)
                .isEqualTo(Files.readString(TOP_LEVEL.resolve(name)));
            assertThat(Files.readString(CHART_CRDS.resolve(name))).containsPattern("kind: \"?CustomResourceDefinition\"?"); // fabric8 quotes scalars
        }
    }

    private static List<String> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
        }
    }
}
