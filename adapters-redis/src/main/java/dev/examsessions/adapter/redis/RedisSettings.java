package dev.examsessions.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach Redis, as {@code REDIS_URL} says ({@link RedisUrl} lists the accepted forms and parses them):
 * topology (standalone, Sentinel, Cluster), nodes, credentials, database, TLS, timeouts, pool bounds and the
 * RESP protocol. {@link #toString()} never shows a password.
 *
 * <p>Protocol: RESP2 by default, chosen deliberately: the adapter needs nothing RESP3 adds (no client-side
 * caching, no push messages), its scripts return integers which read the same in both, and RESP2 replies are
 * what every Redis, proxy and managed service speaks. It is pinned rather than negotiated, so that building
 * a client never needs a round trip (the service must start while Redis is down).
 */
public record RedisSettings(
        Topology topology,
        List<Node> nodes,
        String masterName,
        String user,
        String password,
        int database,
        boolean tls,
        boolean verifyPeer,
        Path caCertFile,
        String sentinelUser,
        String sentinelPassword,
        Duration connectTimeout,
        Duration socketTimeout,
        int poolMaxTotal,
        Duration poolMaxWait,
        Protocol protocol) {

    public static final String DEFAULT_URL = "redis://localhost:6379";
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_MAX_TOTAL = 16;
    public static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofSeconds(1);
    public static final Protocol DEFAULT_PROTOCOL = Protocol.RESP2;

    /** What stands for a password wherever these settings are shown. */
    static final String MASK = "****";

    /** Standalone server, Sentinel-managed master, or Cluster. */
    public enum Topology { STANDALONE, SENTINEL, CLUSTER }

    /** The Redis serialization protocol the client speaks (pinned, never negotiated). */
    public enum Protocol { RESP2, RESP3 }

    /** One host and port: the server, a Sentinel, or a Cluster seed node. */
    public record Node(String host, int port) {
        public Node {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be within 1..65535, not " + port);
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisSettings {
        Objects.requireNonNull(topology, "topology");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node is required");
        }
        if (topology == Topology.STANDALONE && nodes.size() != 1) {
            throw new IllegalArgumentException("a standalone server has exactly one host");
        }
        if ((topology == Topology.SENTINEL) != (masterName != null && !masterName.isBlank())) {
            throw new IllegalArgumentException("a master name is required with Sentinel, and only there");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, not " + database);
        }
        if (topology == Topology.CLUSTER && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0");
        }
        if (!tls && (!verifyPeer || caCertFile != null)) {
            throw new IllegalArgumentException("caCert and verifyPeer apply to TLS (rediss://) only");
        }
        if (caCertFile != null && !verifyPeer) {
            throw new IllegalArgumentException("caCert and verifyPeer=false exclude each other");
        }
        if (topology != Topology.SENTINEL && (sentinelUser != null || sentinelPassword != null)) {
            throw new IllegalArgumentException("sentinelUser and sentinelPassword apply to Sentinel only");
        }
        Durations.requirePositive(connectTimeout, "connectTimeout");
        Durations.requirePositive(socketTimeout, "socketTimeout");
        Durations.requirePositive(poolMaxWait, "poolMaxWait");
        if (poolMaxTotal < 1) {
            throw new IllegalArgumentException("poolMaxTotal must be at least 1, not " + poolMaxTotal);
        }
        Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * Parses a {@code REDIS_URL} with the default timeouts (connect and read 2 s), pool (16 connections,
     * 1 s maximum wait for one) and protocol (RESP2).
     *
     * @throws IllegalArgumentException naming {@code REDIS_URL}, saying what is wrong and listing the
     *                                  accepted forms; the message never contains a password
     */
    public static RedisSettings parse(String url) {
        return RedisUrl.parse(url);
    }

    /** The same settings with other connect and read (socket) timeouts. */
    public RedisSettings withTimeouts(Duration connect, Duration socket) {
        return new RedisSettings(topology, nodes, masterName, user, password, database, tls, verifyPeer,
                caCertFile, sentinelUser, sentinelPassword, connect, socket, poolMaxTotal, poolMaxWait, protocol);
    }

    /** The same settings with another pool size and maximum wait for a free connection. */
    public RedisSettings withPool(int maxTotal, Duration maxWait) {
        return new RedisSettings(topology, nodes, masterName, user, password, database, tls, verifyPeer,
                caCertFile, sentinelUser, sentinelPassword, connectTimeout, socketTimeout, maxTotal, maxWait, protocol);
    }

    /** The same settings speaking another protocol. */
    public RedisSettings withProtocol(Protocol other) {
        return new RedisSettings(topology, nodes, masterName, user, password, database, tls, verifyPeer,
                caCertFile, sentinelUser, sentinelPassword, connectTimeout, socketTimeout, poolMaxTotal, poolMaxWait,
                other);
    }

    /** The URL these settings stand for, with every password replaced by {@code ****}: safe to log. */
    public String redactedUrl() {
        StringBuilder url = new StringBuilder(switch (topology) {
            case STANDALONE -> tls ? "rediss://" : "redis://";
            case SENTINEL -> "redis-sentinel://";
            case CLUSTER -> "redis-cluster://";
        });
        if (user != null || password != null) {
            url.append(user == null ? "" : encode(user)).append(':').append(password == null ? "" : MASK).append('@');
        }
        url.append(String.join(",", nodes.stream().map(Node::toString).toList()));
        if (masterName != null) {
            url.append('/').append(encode(masterName));
        }
        if (database != 0) {
            url.append('/').append(database);
        }
        List<String> query = new ArrayList<>();
        if (caCertFile != null) {
            query.add("caCert=" + caCertFile);
        }
        if (tls && !verifyPeer) {
            query.add("verifyPeer=false");
        }
        if (sentinelUser != null) {
            query.add("sentinelUser=" + encode(sentinelUser));
        }
        if (sentinelPassword != null) {
            query.add("sentinelPassword=" + MASK);
        }
        if (!query.isEmpty()) {
            url.append('?').append(String.join("&", query));
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + redactedUrl() + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", poolMaxTotal=" + poolMaxTotal
                + ", poolMaxWait=" + poolMaxWait + ", protocol=" + protocol + "]";
    }

    /** A raw, possibly malformed URL with the password of its user info and any password option masked. */
    static String redactRaw(String url) {
        String s = url.strip();
        int schemeEnd = s.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = s.lastIndexOf('@');
        if (at >= start) {
            String userInfo = s.substring(start, at);
            int colon = userInfo.indexOf(':');
            String masked = colon < 0 ? MASK : userInfo.substring(0, colon) + ":" + MASK;
            s = s.substring(0, start) + masked + s.substring(at);
        }
        return s.replaceAll("(?i)([?&][^=&]*password=)[^&]*", "$1" + MASK);
    }

    /** Percent-encodes everything but unreserved characters (RFC 3986). */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
