package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Segment storage of a channel on Kubernetes: a Redis shared by all its packager pods, standalone (URL),
 * Sentinel-managed or a Cluster.
 */
@ValidationRule(value = "[has(self.redisUrl), has(self.redisSecret), has(self.sentinel), has(self.cluster)].filter(x, x).size() <= 1",
        message = "set only one of redisUrl, redisSecret, sentinel or cluster")
public class StorageSpec {
    @JsonPropertyDescription("Redis URL without a password (redis://host:6379/0, rediss:// for TLS).")
    public String redisUrl;

    @JsonPropertyDescription("A Secret key holding the full Redis URL, for URLs with a password.")
    public SecretKeyRefSpec redisSecret;

    @JsonPropertyDescription("A Redis primary managed by Sentinel (instead of redisUrl/redisSecret).")
    public RedisSentinelSpec sentinel;

    @JsonPropertyDescription("A Redis Cluster (instead of redisUrl/redisSecret).")
    public RedisClusterSpec cluster;

    @JsonPropertyDescription("What an ingest PUT's 2xx means. primary (default): the Redis primary applied the write;"
            + " a failover can lose the writes it had not yet replicated. replicated: also acknowledged by a replica"
            + " (Redis WAIT 1) within 1 s, else the PUT answers 503 and the encoder retries.")
    @Pattern("^(primary|replicated)$")
    public String durability;
}
