package dev.examsessions.adapter.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach Redis, parsed from {@code REDIS_URL}: topology (standalone, Sentinel, Cluster), nodes,
 * credentials, database, TLS, timeouts, pool bounds and the RESP protocol. {@link #toString()} never shows
 * a password.
 *
 * <p>Accepted forms ({@link #FORMS}); in user and password percent-encode {@code %} (and {@code :} in a user
 * name), in option values {@code @ & # %}:
 * <pre>
 * redis://[[user]:password@]host[:port][/db]
 * rediss://[[user]:password@]host[:port][/db][?caCert=/path/ca.pem | ?verifyPeer=false]
 * redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]…]/masterName[/db][?sentinelUser=…&amp;sentinelPassword=…]
 * redis-cluster://[[user]:password@]host1[:port1][,host2[:port2]…]
 * </pre>
 * Default ports: 6379, Sentinel 26379. {@code rediss://} verifies the server certificate and host name against
 * the JVM's trust store, or against {@code caCert} (a PEM file); {@code verifyPeer=false} turns verification
 * off (development only). The user and password of Sentinel and Cluster URLs are those of the data nodes;
 * {@code sentinelUser}/{@code sentinelPassword} authenticate to the Sentinels themselves.
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

    /** The accepted forms, as printed in error messages. */
    public static final String FORMS = String.join("\n",
            "  redis://[[user]:password@]host[:port][/db]",
            "  rediss://[[user]:password@]host[:port][/db][?caCert=/path/to/ca.pem | ?verifyPeer=false]",
            "  redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]...]/masterName[/db]"
                    + "[?sentinelUser=...&sentinelPassword=...]",
            "  redis-cluster://[[user]:password@]host1[:port1][,host2[:port2]...]");

    private static final String MASK = "****";
    private static final Set<String> TLS_OPTIONS = Set.of("caCert", "verifyPeer");
    private static final Set<String> SENTINEL_OPTIONS = Set.of("sentinelUser", "sentinelPassword");

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
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(socketTimeout, "socketTimeout");
        requirePositive(poolMaxWait, "poolMaxWait");
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
        if (url == null || url.isBlank()) {
            throw invalid(url, "it is empty");
        }
        try {
            return parseOrThrow(url.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
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

    // ---- parsing -------------------------------------------------------------------------------

    private static RedisSettings parseOrThrow(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("it has no scheme (redis://, rediss://, redis-sentinel://, redis-cluster://)");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Topology topology;
        boolean tls = false;
        switch (scheme) {
            case "redis" -> topology = Topology.STANDALONE;
            case "rediss" -> {
                topology = Topology.STANDALONE;
                tls = true;
            }
            case "redis-sentinel" -> topology = Topology.SENTINEL;
            case "redis-cluster" -> topology = Topology.CLUSTER;
            default -> throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
        }
        String rest = url.substring(schemeEnd + 3);
        // the user info ends at the last '@' (a raw '@' elsewhere must be percent-encoded), so a password
        // may hold raw '/', '?' or ':' without ever being taken for a host, path or option
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("write credentials as user:password@ or :password@");
            }
            user = emptyToNull(decode(userInfo.substring(0, colon), "user"));
            password = emptyToNull(decode(userInfo.substring(colon + 1), "password"));
        }
        if (rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a fragment (#) is not allowed; percent-encode '#' as %23");
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash);
            rest = rest.substring(0, slash);
        }
        int defaultPort = topology == Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        List<Node> nodes = parseNodes(rest, defaultPort);
        if (topology == Topology.STANDALONE && nodes.size() != 1) {
            throw new IllegalArgumentException("a " + scheme + ":// URL names exactly one host; use redis-sentinel:// "
                    + "or redis-cluster:// for several");
        }

        List<String> segments = pathSegments(path);
        String masterName = null;
        int database = 0;
        switch (topology) {
            case STANDALONE -> {
                if (segments.size() > 1) {
                    throw new IllegalArgumentException("the path is /db, a database number");
                }
                database = segments.isEmpty() ? 0 : parseDatabase(segments.get(0));
            }
            case SENTINEL -> {
                if (segments.isEmpty() || segments.size() > 2) {
                    throw new IllegalArgumentException("a Sentinel URL needs the master name as its path: /masterName[/db]");
                }
                masterName = decode(segments.get(0), "master name");
                if (masterName.isBlank()) {
                    throw new IllegalArgumentException("the master name is empty");
                }
                database = segments.size() == 2 ? parseDatabase(segments.get(1)) : 0;
            }
            case CLUSTER -> {
                if (!segments.isEmpty()) {
                    throw new IllegalArgumentException("a Cluster URL has no path: Redis Cluster has only database 0");
                }
            }
        }

        Map<String, String> options = parseQuery(query);
        Set<String> allowed = tls ? TLS_OPTIONS : topology == Topology.SENTINEL ? SENTINEL_OPTIONS : Set.of();
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for " + scheme + "://"
                        + (allowed.isEmpty() ? " (it takes none)" : " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
        boolean verifyPeer = true;
        if (options.containsKey("verifyPeer")) {
            String v = options.get("verifyPeer").toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("verifyPeer is true or false");
            }
            verifyPeer = v.equals("true");
        }
        Path caCert = null;
        if (options.containsKey("caCert")) {
            if (options.get("caCert").isBlank()) {
                throw new IllegalArgumentException("caCert is empty; give the path of a PEM file");
            }
            caCert = Path.of(options.get("caCert"));
            if (!Files.isReadable(caCert) || Files.isDirectory(caCert)) {
                throw new IllegalArgumentException("caCert " + caCert + " is not a readable file");
            }
            if (!verifyPeer) {
                throw new IllegalArgumentException("caCert and verifyPeer=false exclude each other");
            }
        }
        return new RedisSettings(topology, nodes, masterName, user, password, database, tls, verifyPeer, caCert,
                emptyToNull(options.get("sentinelUser")), emptyToNull(options.get("sentinelPassword")),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, DEFAULT_POOL_MAX_TOTAL, DEFAULT_POOL_MAX_WAIT,
                DEFAULT_PROTOCOL);
    }

    private static List<Node> parseNodes(String hosts, int defaultPort) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the host is missing");
        }
        List<Node> nodes = new ArrayList<>();
        for (String part : hosts.split(",", -1)) {
            nodes.add(parseNode(part.strip(), defaultPort));
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("a host is listed twice");
        }
        return nodes;
    }

    private static Node parseNode(String hostPort, int defaultPort) {
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("a host is empty (check the commas)");
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + hostPort + "' opens an IPv6 bracket without closing it");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("'" + hostPort + "' is not host:port (write IPv6 addresses in brackets)");
            }
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
                || c == '_' || c == ':' || c == '%')) {
            throw new IllegalArgumentException("'" + hostPort + "' has no valid host name");
        }
        int portNumber = defaultPort;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of '" + hostPort + "' is not a number");
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw new IllegalArgumentException("the port of '" + hostPort + "' is not within 1..65535");
            }
        }
        return new Node(host, portNumber);
    }

    private static List<String> pathSegments(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return List.of();
        }
        String trimmed = path.substring(1);
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }

    private static int parseDatabase(String segment) {
        try {
            int db = Integer.parseInt(segment);
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the database '" + segment + "' is not a number >= 0");
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("the option '" + pair.replaceAll("(?i)password.*", "password...")
                        + "' is not name=value");
            }
            String name = pair.substring(0, eq);
            if (options.put(name, decode(pair.substring(eq + 1), name)) != null) {
                throw new IllegalArgumentException("the option '" + name + "' is given twice");
            }
        }
        return options;
    }

    private static String decode(String s, String what) {
        try {
            // URLDecoder turns '+' into a space; a '+' in a password must stay a '+'
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " has a malformed percent-encoding");
        }
    }

    private static String encode(String s) {
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

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("REDIS_URL is invalid: " + reason + ". Got: "
                + (url == null ? "nothing" : "'" + redactRaw(url) + "'") + ". Accepted forms:\n" + FORMS);
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
}
