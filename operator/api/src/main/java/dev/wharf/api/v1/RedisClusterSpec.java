package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Redis Cluster: the packager discovers the other nodes and the slot map from these. */
public class RedisClusterSpec {
    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Some cluster nodes as host:port; the rest is discovered.")
    public List<String> nodes;

    @JsonPropertyDescription("A Secret key holding the cluster's password (requirepass); mounted as a file, never"
            + " written into the ConfigMap.")
    public SecretKeyRefSpec passwordSecretRef;
}
