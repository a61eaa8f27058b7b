package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Redis primary managed by Redis Sentinel: the packager asks the Sentinels where it is and follows failovers. */
public class RedisSentinelSpec {
    @Required
    @JsonPropertyDescription("Name of the master the Sentinels monitor (sentinel monitor <name> ...).")
    public String masterName;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Sentinel addresses as host:port ([::1]:26379 for IPv6); the packager tries them in order.")
    public List<String> sentinels;

    @JsonPropertyDescription("A Secret key holding the password of the Redis primary and replicas (requirepass);"
            + " mounted as a file, never written into the ConfigMap.")
    public SecretKeyRefSpec passwordSecretRef;

    @JsonPropertyDescription("A Secret key holding the password of the Sentinels themselves, when they have one.")
    public SecretKeyRefSpec sentinelPasswordSecretRef;
}
