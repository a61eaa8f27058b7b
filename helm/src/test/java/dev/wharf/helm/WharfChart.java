package dev.wharf.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chart under test, rendered by real Helm (helm-java, in process) the way {@code helm template}
 * would, and parsed into fabric8 objects so tests assert on what a cluster would receive.
 */
final class WharfChart {

    /** Repository root: set by the pom (surefire), else the module's parent directory. */
    static final Path REPO = Path.of(System.getProperty("wharf.repo.dir", "..")).toAbsolutePath().normalize();
    static final Path CHART = REPO.resolve("helm/wharf");
    static final String RELEASE = "wharf";
    static final String NAMESPACE = "wharf-system";
    /**
     * helm-java's template assumes Kubernetes v1.20.0 unless told (the helm CLI assumes a current
     * one), which the chart's kubeVersion (>=1.25) refuses.
     */
    static final String KUBE_VERSION = "1.31.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final Map<String, Object> sets = new LinkedHashMap<>();
    private final List<Path> valuesFiles = new ArrayList<>();

    static WharfChart chart() {
        return new WharfChart();
    }

    /** Like {@code --set key=value}. */
    WharfChart set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    /** Like {@code -f values.yaml}, for values that --set cannot spell (keys with dots, nesting). */
    WharfChart values(String yaml) {
        try {
            Path file = Files.createTempFile("wharf-values", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            valuesFiles.add(file);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw {@code helm template} output. Throws when Helm refuses the values. */
    String renderText() {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return template.call();
    }

    Rendered render() {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(renderText())) {
            if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return new Rendered(objects);
    }

    /** The objects of one rendering, with finders by type and kind. */
    record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size() + ": " + names(found));
            }
            return found.getFirst();
        }

        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }

        private static String names(List<? extends HasMetadata> objects) {
            return objects.stream().map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList().toString();
        }
    }
}
