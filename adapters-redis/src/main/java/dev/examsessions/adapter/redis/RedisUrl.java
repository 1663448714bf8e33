package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.RedisSettings.Node;
import dev.examsessions.adapter.redis.RedisSettings.Topology;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code REDIS_URL} parser. Accepted forms ({@link #FORMS}); in user and password percent-encode {@code %}
 * (and {@code :} in a user name), in option values {@code @ & # %}. Default ports: 6379, Sentinel 26379.
 * {@code rediss://} verifies the server certificate and host name against the JVM's trust store, or against
 * {@code caCert} (a PEM file); {@code verifyPeer=false} turns verification off (development only). The user
 * and password of Sentinel and Cluster URLs are those of the data nodes; {@code sentinelUser}/{@code
 * sentinelPassword} authenticate to the Sentinels themselves.
 *
 * <p>Hand-written because Jedis' {@code JedisURIHelper} knows neither Sentinel and Cluster host lists nor
 * passwords holding raw {@code / ? @ +}.
 */
final class RedisUrl {
    /** The accepted forms, as printed in error messages. */
    static final String FORMS = String.join("\n",
            "  redis://[[user]:password@]host[:port][/db]",
            "  rediss://[[user]:password@]host[:port][/db][?caCert=/path/to/ca.pem | ?verifyPeer=false]",
            "  redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]...]/masterName[/db]"
                    + "[?sentinelUser=...&sentinelPassword=...]",
            "  redis-cluster://[[user]:password@]host1[:port1][,host2[:port2]...]");

    private static final Set<String> TLS_OPTIONS = Set.of("caCert", "verifyPeer");
    private static final Set<String> SENTINEL_OPTIONS = Set.of("sentinelUser", "sentinelPassword");

    private RedisUrl() {
    }

    /** See {@link RedisSettings#parse}: the settings with the defaults, or an error message without password. */
    static RedisSettings parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid(url, "it is empty");
        }
        try {
            return parseOrThrow(url.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
    }

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
        int defaultPort = topology == Topology.SENTINEL ? RedisSettings.DEFAULT_SENTINEL_PORT : RedisSettings.DEFAULT_PORT;
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
                RedisSettings.DEFAULT_CONNECT_TIMEOUT, RedisSettings.DEFAULT_SOCKET_TIMEOUT,
                RedisSettings.DEFAULT_POOL_MAX_TOTAL, RedisSettings.DEFAULT_POOL_MAX_WAIT, RedisSettings.DEFAULT_PROTOCOL);
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

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException("REDIS_URL is invalid: " + reason + ". Got: "
                + (url == null ? "nothing" : "'" + RedisSettings.redactRaw(url) + "'") + ". Accepted forms:\n" + FORMS);
    }
}
