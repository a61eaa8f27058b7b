package dev.wharf.operator;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the YAML fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {}

    public static Channel channel(String file) {
        return load(file, Channel.class);
    }

    public static OriginEndpoint endpoint(String file) {
        return load(file, OriginEndpoint.class);
    }

    @SuppressWarnings("deprecation")
    public static <T> T load(String file, Class<T> type) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
