package dev.wharf.packager.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the packager's YAML configuration and validates it. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // FAIL_ON_READING_DUP_TREE_KEY covers trees only
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // a key with no value (a section whose content is commented out) keeps its default
            .setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));

    private ConfigLoader() {}

    public static PackagerConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    /** The path of the offending value in the validator's notation: {@code channels[0].spec.foo}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /**
     * Where and what is wrong, without the text of the line: SnakeYAML's and Jackson's own messages
     * quote it (a source snippet, or the value that has the wrong type), and the line may hold a
     * password or a Redis URL with one. The message is logged at start and on every refused reload.
     */
    static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
        String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException y) {
                return where + (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem() + column;
            }
        }
        if (e instanceof MismatchedInputException m) {
            Class<?> type = m.getTargetType();
            String expected = type == null ? "" : type.isEnum()
                    ? " (expected one of " + Arrays.toString(type.getEnumConstants()) + ")"
                    : " (expected " + (Number.class.isAssignableFrom(type) || type.isPrimitive() ? "a number: " : "")
                            + type.getSimpleName() + ")";
            return where + path(m) + ": wrong type of value" + expected;
        }
        if (e instanceof JsonMappingException m) {
            return where + path(m) + ": invalid value";
        }
        return where + "not valid YAML" + column;
    }

    public static PackagerConfig parse(String yaml) {
        PackagerConfig config;
        try {
            JsonParser parser = YAML.createParser(yaml);
            // an empty document (or comments only) is the default configuration
            config = parser.nextToken() == null ? null : YAML.readValue(parser, PackagerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(List.of(path(e) + ": unknown field '" + e.getPropertyName() + "'"));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
        if (config == null) {
            config = new PackagerConfig();
        }
        var redis = config.storage.redis;
        if (config.storage.type == PackagerConfig.Storage.Type.redis && redis.url == null && redis.sentinelMaster == null
                && redis.clusterNodes.isEmpty() && System.getenv("WHARF_REDIS_URL") != null) {
            // On Kubernetes the URL (it may hold a password) comes from a Secret through the environment.
            redis.url = System.getenv("WHARF_REDIS_URL");
        }
        ConfigValidator.validate(config);
        return config;
    }
}
