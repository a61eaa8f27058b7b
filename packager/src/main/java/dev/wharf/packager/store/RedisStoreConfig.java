package dev.wharf.packager.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * Where {@link RedisSegmentStore} connects: exactly one of a standalone {@code url}, a Sentinel-managed
 * master ({@code sentinelMaster} + {@code sentinelNodes}) or a Cluster ({@code clusterNodes}).
 *
 * @param url            {@code redis://[user:pass@]host[:port][/db]}, {@code rediss://} for TLS; port
 *                       defaults to 6379; null or blank when using Sentinel or Cluster
 * @param sentinelMaster the master name Sentinel monitors; null or blank unless using Sentinel
 * @param sentinelNodes  Sentinel addresses, {@code host:port}; empty unless using Sentinel
 * @param clusterNodes   some Cluster nodes, {@code host:port} (the rest is discovered); empty unless using Cluster
 * @param maxConnections connection pool size (per node in Cluster); {@code <= 0} means 32
 * @param timeout        connect and read timeout, also the longest wait for a pooled connection;
 *                       null means 2 s
 * @param durability     what a successful write means (see {@link Durability}); null means
 *                       {@link Durability#PRIMARY}
 * @param password       AUTH password of the data nodes in Sentinel or Cluster mode (standalone: in the url);
 *                       null for none; asked again for every new connection
 * @param sentinelPassword AUTH password of the Sentinels themselves; null for none
 */
public record RedisStoreConfig(
        String url,
        String sentinelMaster,
        List<String> sentinelNodes,
        List<String> clusterNodes,
        int maxConnections,
        Duration timeout,
        Durability durability,
        RedisPassword password,
        RedisPassword sentinelPassword) {

    /**
     * When a write counts as done, hence what an ingest PUT's 2xx promises.
     *
     * <ul>
     *   <li>{@code PRIMARY}: the primary applied it (in its memory). Replication is asynchronous: if the
     *       primary dies before its replicas received the write, a failover loses it, although the
     *       encoder saw 2xx. The window is the replication lag (sub-millisecond on a quiet LAN).</li>
     *   <li>{@code REPLICATED}: the primary applied it and then {@code WAIT replicas timeout} (on the same
     *       connection) reported at least {@code replicas} replicas acknowledging it. Otherwise the write
     *       fails ({@link StoreUnavailableException}, so the PUT answers 503 and the encoder retries);
     *       it may still be on the primary, and a retry rewrites the same value. A failover that
     *       promotes one of those replicas keeps every acknowledged write. (Redis does not make WAIT a
     *       consensus: a replica that acknowledged can still lose a failover election to one that did
     *       not, when several replicas lag; with one replica, or Sentinel's preference for the most
     *       up-to-date replica, that does not happen in practice.)</li>
     * </ul>
     *
     * @param replicas number of replicas that must acknowledge ({@code REPLICATED} only), at least 1
     * @param timeout  longest wait for them
     */
    public record Durability(Mode mode, int replicas, Duration timeout) {
        public enum Mode { PRIMARY, REPLICATED }

        public static final Durability PRIMARY = new Durability(Mode.PRIMARY, 0, Duration.ZERO);

        public Durability {
            if (mode == null) {
                mode = Mode.PRIMARY;
            }
            if (mode == Mode.REPLICATED) {
                if (replicas < 1) {
                    throw new IllegalArgumentException("replicated durability needs at least 1 replica, got " + replicas);
                }
                if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                    throw new IllegalArgumentException("replicated durability needs a positive replication timeout");
                }
            }
        }

        public static Durability replicated(int replicas, Duration timeout) {
            return new Durability(Mode.REPLICATED, replicas, timeout);
        }

        public boolean replicated() {
            return mode == Mode.REPLICATED;
        }
    }

    public RedisStoreConfig(String url, String sentinelMaster, List<String> sentinelNodes, List<String> clusterNodes,
                            int maxConnections, Duration timeout, Durability durability) {
        this(url, sentinelMaster, sentinelNodes, clusterNodes, maxConnections, timeout, durability, null, null);
    }

    public RedisStoreConfig(String url, String sentinelMaster, List<String> sentinelNodes, List<String> clusterNodes,
                            int maxConnections, Duration timeout) {
        this(url, sentinelMaster, sentinelNodes, clusterNodes, maxConnections, timeout, Durability.PRIMARY);
    }

    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_PORT = 6379;

    /** How the store reaches Redis. */
    public enum Mode { STANDALONE, SENTINEL, CLUSTER }

    public RedisStoreConfig {
        url = blankToNull(url);
        sentinelMaster = blankToNull(sentinelMaster);
        sentinelNodes = sentinelNodes == null ? List.of() : List.copyOf(sentinelNodes);
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
        if (maxConnections <= 0) {
            maxConnections = DEFAULT_MAX_CONNECTIONS;
        }
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
        if (durability == null) {
            durability = Durability.PRIMARY;
        }
        if (durability.replicated() && durability.timeout().compareTo(timeout) >= 0) {
            throw new IllegalArgumentException("the replication timeout (" + durability.timeout().toMillis()
                    + " ms) must be shorter than the redis timeout (" + timeout.toMillis() + " ms)");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("redis timeout must be between 1 ms and ~24 days: " + timeout);
        }
        boolean sentinel = sentinelMaster != null || !sentinelNodes.isEmpty();
        boolean cluster = !clusterNodes.isEmpty();
        int modes = (url != null ? 1 : 0) + (sentinel ? 1 : 0) + (cluster ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException("configure exactly one of redis url, sentinel (master + nodes) or"
                    + " cluster nodes; got " + modes);
        }
        if (sentinel && (sentinelMaster == null || sentinelNodes.isEmpty())) {
            throw new IllegalArgumentException("redis sentinel needs both a master name and at least one sentinel node");
        }
        if (url != null && password != null) {
            throw new IllegalArgumentException("a standalone redis takes its password in the url");
        }
        if (!sentinel && sentinelPassword != null) {
            throw new IllegalArgumentException("a sentinel password needs sentinel mode");
        }
        if (url != null) {
            url = normalizeUrl(url);
        }
        sentinelNodes.forEach(RedisStoreConfig::requireHostPort);
        clusterNodes.forEach(RedisStoreConfig::requireHostPort);
    }

    /** A standalone server (or a proxy / managed endpoint), default pool and timeout. */
    public static RedisStoreConfig standalone(String url) {
        return new RedisStoreConfig(url, null, List.of(), List.of(), 0, null);
    }

    public static RedisStoreConfig sentinel(String master, List<String> sentinelNodes) {
        return new RedisStoreConfig(null, master, sentinelNodes, List.of(), 0, null);
    }

    public static RedisStoreConfig cluster(List<String> nodes) {
        return new RedisStoreConfig(null, null, List.of(), nodes, 0, null);
    }

    public RedisStoreConfig withMaxConnections(int max) {
        return new RedisStoreConfig(url, sentinelMaster, sentinelNodes, clusterNodes, max, timeout, durability, password, sentinelPassword);
    }

    public RedisStoreConfig withTimeout(Duration t) {
        return new RedisStoreConfig(url, sentinelMaster, sentinelNodes, clusterNodes, maxConnections, t, durability, password, sentinelPassword);
    }

    public RedisStoreConfig withDurability(Durability d) {
        return new RedisStoreConfig(url, sentinelMaster, sentinelNodes, clusterNodes, maxConnections, timeout, d, password, sentinelPassword);
    }

    /** The same with the data nodes' and the Sentinels' AUTH passwords (null for none). */
    public RedisStoreConfig withPasswords(String dataPassword, String sentinelAuth) {
        return withPasswords(RedisPassword.of(dataPassword), RedisPassword.of(sentinelAuth));
    }

    public RedisStoreConfig withPasswords(RedisPassword dataPassword, RedisPassword sentinelAuth) {
        return new RedisStoreConfig(url, sentinelMaster, sentinelNodes, clusterNodes, maxConnections, timeout, durability,
                dataPassword, sentinelAuth);
    }

    public Mode mode() {
        return url != null ? Mode.STANDALONE : sentinelMaster != null ? Mode.SENTINEL : Mode.CLUSTER;
    }

    /** {@code host:port} split into host and port; IPv6 as {@code [::1]:6379}. */
    static HostPort parseHostPort(String hostPort) {
        String s = hostPort.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'");
        }
    }

    record HostPort(String host, int port) {}

    private static void requireHostPort(String hostPort) {
        parseHostPort(hostPort);
    }

    /** Checks the scheme and adds the default port: Jedis 8 rejects a redis:// URI without an explicit port. */
    private static String normalizeUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad redis url: " + redact(url), e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("redis url must start with redis:// or rediss://: " + redact(url));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("redis url has no host: " + redact(url));
        }
        String s = url.strip();
        if (uri.getPort() == -1) {
            int authorityStart = s.indexOf("://") + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < s.length() && "/?#".indexOf(s.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            s = s.substring(0, authorityEnd) + ":" + DEFAULT_PORT + s.substring(authorityEnd);
        }
        return s;
    }

    /** The url with any password replaced by {@code ***}. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Never prints a password. */
    @Override
    public String toString() {
        return "RedisStoreConfig[mode=" + mode() + ", url=" + redact(url) + ", sentinelMaster=" + sentinelMaster
                + ", sentinelNodes=" + sentinelNodes + ", clusterNodes=" + clusterNodes
                + ", maxConnections=" + maxConnections + ", timeout=" + timeout + ", durability=" + durability
                + ", password=" + (password == null ? "none" : "***") + ", sentinelPassword=" + (sentinelPassword == null ? "none" : "***") + "]";
    }
}
