package dev.wharf.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Docker cannot run on the build machines, so the image definitions are checked against what the
 * build produces instead: the Dockerfile copies the jar and libs/ the module's pom writes, the jar's
 * manifest class path resolves inside the copied libs/, and the image runs as a numeric non-root
 * user with the module's ports and the documented entry point.
 */
class ImageDefinitionsTest {

    private static final String APP_DIR = "/opt/wharf/";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"packager, 8080 8081 9090", "operator, 8080 8081"})
    void dockerfileRunsTheBuiltJarAsNonRoot(String module, String ports) throws Exception {
        List<String[]> instructions = instructions(WharfChart.REPO.resolve(module).resolve("Dockerfile"));
        String jar = "wharf-" + module + ".jar";

        assertThat(args(instructions, "FROM")).singleElement().asString().matches("eclipse-temurin:25-jre.*|gcr\\.io/distroless/java25.*");
        assertThat(args(instructions, "COPY")).contains("target/libs/ " + APP_DIR + "libs/", "target/" + jar + " " + APP_DIR + jar);
        assertThat(args(instructions, "USER")).singleElement().asString()
            .matches("[0-9]+(:[0-9]+)?").doesNotStartWith("0");
        assertThat(String.join(" ", args(instructions, "EXPOSE")).split("\\s+")).containsExactlyInAnyOrder(ports.split(" "));
        List<String> entryPoint = new ObjectMapper().readValue(args(instructions, "ENTRYPOINT").getFirst(), new TypeReference<>() { });
        assertThat(entryPoint.getFirst()).isEqualTo("java");
        assertThat(entryPoint).contains("-XX:MaxRAMPercentage=75").endsWith("-jar", APP_DIR + jar);

        assertThat(Files.readAllLines(WharfChart.REPO.resolve(module).resolve(".dockerignore")))
            .contains("*", "!target/" + jar, "!target/libs/");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"packager", "operator"})
    void pomBuildsTheJarAndLibsTheDockerfileCopies(String module) throws Exception {
        Path pom = WharfChart.REPO.resolve(module).resolve("pom.xml");
        assumeTrue(Files.exists(pom), module + "/pom.xml does not exist yet");

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        assertThat(text(doc, "finalName")).isEqualTo("wharf-" + module);
        assertThat(text(doc, "classpathPrefix")).isEqualTo("libs");
        assertThat(text(doc, "addClasspath")).isEqualTo("true");
        assertThat(executionGoals(doc)).contains("copy-dependencies");
        assertThat(text(doc, "outputDirectory")).isEqualTo("${project.build.directory}/libs");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"packager", "operator"})
    void builtJarFindsEveryClassPathEntryInLibs(String module) throws Exception {
        Path target = WharfChart.REPO.resolve(module).resolve("target");
        Path jar = target.resolve("wharf-" + module + ".jar");
        assumeTrue(Files.exists(jar), jar + " is not built (run the whole reactor: ./mvnw -B verify)");

        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isNotBlank();
            List<String> classPath = Arrays.asList(manifest.getValue(Attributes.Name.CLASS_PATH).split(" "));
            assertThat(classPath).isNotEmpty().allSatisfy(entry -> {
                assertThat(entry).startsWith("libs/");
                assertThat(target.resolve(entry)).as("class-path entry %s in %s", entry, target).isRegularFile();
            });
        }
    }

    /** Dockerfile instructions as [KEYWORD, arguments], continuation lines joined, comments dropped. */
    private static List<String[]> instructions(Path dockerfile) throws Exception {
        assertThat(dockerfile).isRegularFile();
        List<String[]> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            result.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""});
            current.setLength(0);
        }
        return result;
    }

    private static List<String> args(List<String[]> instructions, String keyword) {
        return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    private static String text(Document doc, String tag) {
        var nodes = doc.getElementsByTagName(tag);
        assertThat(nodes.getLength()).as("<%s> in the pom", tag).isEqualTo(1);
        return nodes.item(0).getTextContent().strip();
    }

    private static List<String> executionGoals(Document doc) {
        List<String> goals = new ArrayList<>();
        var nodes = doc.getElementsByTagName("goal");
        for (int i = 0; i < nodes.getLength(); i++) {
            goals.add(((Element) nodes.item(i)).getTextContent().strip());
        }
        return goals;
    }
}
