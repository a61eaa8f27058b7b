package dev.wharf.packager.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.wharf.api.v1.ChannelSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone packager's configuration file. Channels and origin endpoints have the shape of
 * the Kubernetes custom resources ({@code metadata} + {@code spec}), so a Channel or OriginEndpoint
 * manifest can be pasted here as is.
 */
public class PackagerConfig {

    public Server server = new Server();
    public Storage storage = new Storage();
    public Cache cache = new Cache();
    public List<ChannelResource> channels = new ArrayList<>();
    public List<OriginEndpointResource> originEndpoints = new ArrayList<>();

    public static class Server {
        @JsonPropertyDescription("Address all sockets bind to.")
        public String host = "0.0.0.0";
        @JsonPropertyDescription("Playback socket (players, CDNs). 0 picks a free port.")
        public int playbackPort = 8080;
        @JsonPropertyDescription("Ingest socket (encoders).")
        public int ingestPort = 8081;
        @JsonPropertyDescription("Management socket: /metrics, /health/live, /health/ready.")
        public int adminPort = 9090;
        @JsonPropertyDescription("Largest ingest body accepted, in bytes (413 beyond). Default 64 MiB.")
        public long maxIngestBodyBytes = 64L * 1024 * 1024;
        @JsonPropertyDescription("Digest realm.")
        public String realm = "wharf";
        @JsonPropertyDescription("Secret that signs Digest nonces; give all replicas the same one. Default: random per process.")
        public String nonceSecret;
        @JsonPropertyDescription("File with the bearer token that PUT /admin/config requires; unset disables that endpoint.")
        public String adminTokenFile;
        @JsonPropertyDescription("Lifetime of a Digest nonce in seconds (a nonce in use on an open connection stays valid).")
        public int nonceLifetimeSeconds = 300;
        @JsonPropertyDescription("Seconds a connection may stay idle (no request, or a request head that does not end)"
                + " before the server closes it.")
        public int idleTimeoutSeconds = 60;
        @JsonPropertyDescription("Seconds a playback or ingest request may take in all, from its head to the last byte of"
                + " the answer (an upload that stalls mid-body, a player reading slowly), before its connection is"
                + " closed; an upload cut off stores nothing.")
        public int requestTimeoutSeconds = 60;
        @JsonPropertyDescription("Most TCP connections each socket accepts at once (the rest wait in the backlog).")
        public int maxConnections = 10_000;
        @JsonPropertyDescription("On SIGTERM: seconds the packager keeps serving with /health/ready answering 503, so load"
                + " balancers stop sending new requests, before it stops accepting.")
        public int drainSeconds = 5;
        @JsonPropertyDescription("On SIGTERM, after the drain: seconds in-flight requests get to finish before the"
                + " sockets stop (then 2 s more per socket at most). drainSeconds + shutdownGraceSeconds + 6 must fit the"
                + " pod's terminationGracePeriodSeconds.")
        public int shutdownGraceSeconds = 15;
    }

    public static class Storage {
        public enum Type { memory, redis }

        @JsonPropertyDescription("memory (embedded, single process) or redis.")
        public Type type = Type.memory;
        public Redis redis = new Redis();
    }

    public static class Redis {
        @JsonPropertyDescription("redis://[user:password@]host:port[/db] or rediss:// for TLS (standalone Redis).")
        public String url;
        @JsonPropertyDescription("Sentinel master name (with sentinelNodes).")
        public String sentinelMaster;
        @JsonPropertyDescription("Sentinel nodes as host:port.")
        public List<String> sentinelNodes = new ArrayList<>();
        @JsonPropertyDescription("Redis Cluster seed nodes as host:port.")
        public List<String> clusterNodes = new ArrayList<>();
        @JsonPropertyDescription("File with the password of the Redis data nodes (AUTH) for sentinelMaster or clusterNodes;"
                + " with url, put the password in the url instead. Read at start.")
        public String passwordFile;
        @JsonPropertyDescription("File with the password of the Sentinels themselves (their requirepass), when they have one."
                + " Read at start.")
        public String sentinelPasswordFile;
        @JsonPropertyDescription("Connection pool size.")
        public int maxConnections = 32;
        @JsonPropertyDescription("Connect and command timeout in milliseconds.")
        public int timeoutMillis = 2000;
        @JsonPropertyDescription("What an ingest PUT's 2xx means: primary (the Redis primary applied the write; a failover"
                + " can lose the last writes before they reached a replica) or replicated (also acknowledged by"
                + " `replicas` replicas through WAIT within replicationTimeoutMillis, else the PUT answers 503).")
        public String durability = "primary";
        @JsonPropertyDescription("Replicas that must acknowledge each write when durability is replicated.")
        public int replicas = 1;
        @JsonPropertyDescription("Longest wait for those acknowledgements, in milliseconds (below timeoutMillis).")
        public int replicationTimeoutMillis = 1000;
    }

    public static class Cache {
        @JsonPropertyDescription("Bytes of recent segments kept in this process for fast delivery.")
        public long segmentBytes = 256L * 1024 * 1024;

        @JsonPropertyDescription("Bytes of packaged outputs (CMAF fragments and init segments) kept in this process.")
        public long packagedBytes = 256L * 1024 * 1024;
    }

    public static class Metadata {
        public String namespace = "default";
        public String name;
    }

    public static class ChannelResource {
        public Metadata metadata = new Metadata();
        public ChannelSpec spec = new ChannelSpec();
    }

    public static class OriginEndpointResource {
        public Metadata metadata = new Metadata();
        public OriginEndpointSpec spec = new OriginEndpointSpec();
    }
}
