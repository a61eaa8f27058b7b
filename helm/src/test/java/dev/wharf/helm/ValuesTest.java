package dev.wharf.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.yaml is documented key by key, README.md lists every key, values.schema.json refuses bad values. */
class ValuesTest {

    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z0-9_.\\-/]+):(?:\\s|$)");
    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    @Test
    void everyKeyOfValuesYamlHasAComment() throws IOException {
        List<String> lines = Files.readAllLines(WharfChart.CHART.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();

        for (int i = 0; i < lines.size(); i++) {
            Matcher key = KEY_LINE.matcher(lines.get(i));
            if (!key.find()) {
                continue;
            }
            String indent = key.group(1);
            boolean commentAbove = i > 0 && lines.get(i - 1).startsWith(indent + "#");
            boolean commentAfter = lines.get(i).contains(" # ");
            if (!commentAbove && !commentAfter) {
                undocumented.add((i + 1) + ": " + lines.get(i).strip());
            }
        }

        assertThat(undocumented).as("keys of values.yaml without a comment right above them").isEmpty();
    }

    @Test
    void theCommentCheckSeesEveryKeyAYamlParserSees() throws IOException {
        assertThat(keyPathsByLine()).containsExactlyInAnyOrderElementsOf(keyPathsByParser());
    }

    @Test
    void readmeTableListsEveryKeyAndNoOther() throws IOException {
        String readme = Files.readString(WharfChart.CHART.resolve("README.md"));
        Set<String> documented = new LinkedHashSet<>();
        README_ROW.matcher(readme).results().forEach(m -> documented.add(m.group(1)));
        Set<String> keys = keyPathsByParser();

        assertThat(keys).allSatisfy(key -> assertThat(documented)
            .as("README.md values table row for %s (or a parent or, for a map, its keys)", key)
            .anyMatch(row -> key.equals(row) || key.startsWith(row + ".") || row.startsWith(key + ".")));
        assertThat(documented).as("README.md rows naming keys that values.yaml does not have").isSubsetOf(keys);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "operator.replicas, two",
        "operator.replicaCount, 2",
        "image.operator.pullPolicy, Sometimes",
        "operator.watchNamespaces[0], Team_A",
        "operator.leaderElection.enabled, maybe",
        "ingest.host, https://ingest.example",
        "redis.external.url, localhost:6379",
        "metrics.service.port, 70000",
        "metrics.serviceMonitor.interval, often",
    })
    void schemaRejectsBadValues(String key, String value) {
        assertThatThrownBy(() -> WharfChart.chart().set(key, value).renderText())
            .hasMessageContaining("schema");
    }

    @Test
    void schemaAcceptsPercentagesAndIntegersForTheDisruptionBudget() {
        assertThat(WharfChart.chart().set("operator.podDisruptionBudget.maxUnavailable", "50%").renderText())
            .contains("maxUnavailable: 50%");
    }

    /** Dotted paths of every key, from the line layout the comment check relies on. */
    private static Set<String> keyPathsByLine() throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        for (String line : Files.readAllLines(WharfChart.CHART.resolve("values.yaml"))) {
            Matcher key = KEY_LINE.matcher(line);
            if (!key.find()) {
                continue;
            }
            int indent = key.group(1).length();
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                parents.pop();
            }
            String path = parents.isEmpty() ? key.group(2) : parents.peek().getValue() + "." + key.group(2);
            paths.add(path);
            parents.push(Map.entry(indent, path));
        }
        return paths;
    }

    /** Dotted paths of every key as Helm would read them (maps only; list items are values). */
    static Set<String> keyPathsByParser() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(WharfChart.CHART.resolve("values.yaml").toFile());
        Set<String> paths = new LinkedHashSet<>();
        collect("", root, paths);
        return paths;
    }

    private static void collect(String prefix, JsonNode node, Set<String> paths) {
        node.properties().forEach(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            paths.add(path);
            if (field.getValue().isObject()) {
                collect(path, field.getValue(), paths);
            }
        });
    }
}
