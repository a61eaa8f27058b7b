package dev.wharf.packager.e2e;

import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.PackagerConfig;

/** Configurations for packagers started in tests: loopback only, free ports. */
final class TestPackagers {
    static final String NAMESPACE = "live";
    static final String CHANNEL = "news";
    static final String USER1 = "encoder-a";
    static final String PASS1 = "s3cret-pass-A";
    static final String USER2 = "encoder-b";
    static final String PASS2 = "s3cret-pass-B";

    private TestPackagers() {}

    /** A channel with two inputs and an HLS endpoint "hls" (manifest "index"), optionally on Redis. */
    static PackagerConfig config(String redisUrl, String extraEndpointYaml) {
        String storage = redisUrl == null ? "storage: {type: memory}\n"
                : "storage: {type: redis, redis: {url: \"" + redisUrl + "\"}}\n";
        return ConfigLoader.parse(yaml("playbackPort: 0, ingestPort: 0, adminPort: 0", storage, extraEndpointYaml));
    }

    /**
     * The same configuration as YAML text, for packagers started as processes: {@code server} holds
     * extra server settings (ports...), {@code storage} a whole {@code storage:} line.
     */
    static String yaml(String server, String storage, String extraEndpointYaml) {
        return """
                server: {host: 127.0.0.1, nonceSecret: test-nonce-secret-0123456789, %s}
                %s
                channels:
                  - metadata: {namespace: %s, name: %s}
                    spec:
                      ingestEndpoints:
                        - {id: in1, username: %s, password: %s}
                        - {id: in2, username: %s, password: %s}
                originEndpoints:
                  - metadata: {namespace: %s, name: hls}
                    spec:
                      channelName: %s
                      hlsPackage: {segmentDurationSeconds: 1, playlistWindowSeconds: 60, programDateTimeIntervalSeconds: 2}
                %s
                """.formatted(server, storage, NAMESPACE, CHANNEL, USER1, PASS1, USER2, PASS2, NAMESPACE, CHANNEL,
                extraEndpointYaml == null ? "" : extraEndpointYaml);
    }
}
