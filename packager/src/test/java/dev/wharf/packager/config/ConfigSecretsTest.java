package dev.wharf.packager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A configuration that does not parse is refused with a message that is logged (at start and on hot
 * reload, ConfigWatcher): the message must say where the problem is without quoting the secret on
 * that line (docs/security.md).
 */
class ConfigSecretsTest {
    static final String SECRET = "Zq9-secret-value-77";

    @ParameterizedTest
    @ValueSource(strings = {
        "channels:\n  - metadata: {name: a}\n    spec:\n      ingestEndpoints:\n        - {id: in1, username: u, password: \"" + SECRET + "}\n",
        "channels:\n  - metadata: {name: a}\n    spec:\n      ingestEndpoints:\n        - id: in1\n          password: " + SECRET + ": x\n",
        "storage: {type: redis, redis: {url: \"redis://:" + SECRET + "@127.0.0.1:6379\"\n",
        "storage:\n  redis:\n    url: redis://:" + SECRET + "@127.0.0.1:6379\n\tmaxConnections: 3\n",
        "storage:\n  redis:\n    url: [redis://:" + SECRET + "@127.0.0.1:6379]\n",
        "server: {nonceSecret: " + SECRET + ", adminPort: " + SECRET + "}\n",
        "server:\n  nonceSecret: '" + SECRET + "\n",
    })
    void parseErrorsNeverQuoteTheLine(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 8)).contains("line");
    }

    @org.junit.jupiter.api.Test
    void theMessageStillSaysWhereAndWhat() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "server:\n  realm: a\n  nonceSecret: " + SECRET + ": x\n")).problems())
                .containsExactly("line 3: mapping values are not allowed here (column 35)");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("storage: {type: postgres}\n"))
                .problems()).containsExactly("line 1: storage.type: wrong type of value (expected one of [memory, redis])");
    }
}
