package dev.examsessions.adapter.redis.testing;

import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A Redis Cluster of three masters on loopback ({@code --cluster-enabled yes}, each with its own
 * {@code --cluster-config-file}), joined by {@code redis-cli --cluster create … --cluster-replicas 0
 * --cluster-yes}; ready when every node reports {@code cluster_state:ok}. Closing stops the three.
 */
public final class RedisClusterSetup implements AutoCloseable {
    private static final int MASTERS = 3;
    private static final int START_ATTEMPTS = 5;

    private final List<RedisServerProcess> masters;

    private RedisClusterSetup(List<RedisServerProcess> masters) {
        this.masters = List.copyOf(masters);
    }

    /** Three masters on spare ports (each with a spare Cluster bus port, + 10000). */
    public static RedisClusterSetup start() {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(reservePorts());
            } catch (IllegalStateException e) {
                if (attempt == START_ATTEMPTS || !RedisServerProcess.isPortTaken(e)) {
                    throw e;
                }
                // a port was taken between choosing and binding it: choose three others
            }
        }
    }

    /**
     * Three masters on the given ports (for example reserved earlier with {@link #reservePorts()}, so that a
     * client can be opened before the Cluster exists).
     */
    public static RedisClusterSetup start(int[] ports) {
        if (ports.length != MASTERS) {
            throw new IllegalArgumentException("a test Cluster has " + MASTERS + " masters, not " + ports.length);
        }
        List<RedisServerProcess> started = new ArrayList<>();
        try {
            for (int port : ports) {
                started.add(RedisServerProcess.launch("redis-cluster", port, null, clusterNode()));
            }
            RedisClusterSetup cluster = new RedisClusterSetup(started);
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(RedisServerProcess::stop);
            throw e;
        }
    }

    /** Three spare ports whose Cluster bus ports (+ 10000) are spare too. */
    public static int[] reservePorts() {
        int[] ports = new int[MASTERS];
        for (int i = 0; i < MASTERS; i++) {
            int port;
            do {
                port = RedisServerProcess.freePort(true);
            } while (contains(ports, port) || contains(ports, port + 10000) || contains(ports, port - 10000));
            ports[i] = port;
        }
        return ports;
    }

    private static BiFunction<Integer, Path, List<String>> clusterNode() {
        return (port, dir) -> {
            List<String> command = new ArrayList<>(List.of("redis-server",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000"));
            command.addAll(RedisServerProcess.common(dir));
            return command;
        };
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RedisServerProcess m : masters) {
            command.add(m.host() + ":" + m.port());
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        RedisServerProcess.run(command, Duration.ofSeconds(120));
        for (RedisServerProcess m : masters) {
            RedisSentinelSetup.awaitTrue("cluster_state:ok on " + m, () -> {
                try (Jedis jedis = m.jedis()) {
                    String info = jedis.clusterInfo();
                    return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
                            && info.contains("cluster_known_nodes:" + MASTERS);
                }
            });
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String url() {
        return url(masters.stream().mapToInt(RedisServerProcess::port).toArray());
    }

    /** The Cluster URL for the given ports. */
    public static String url(int[] ports) {
        List<String> hosts = new ArrayList<>();
        for (int port : ports) {
            hosts.add("127.0.0.1:" + port);
        }
        return "redis-cluster://" + String.join(",", hosts);
    }

    public List<RedisServerProcess> masters() {
        return masters;
    }

    @Override
    public void close() {
        masters.forEach(RedisServerProcess::stop);
    }

    private static boolean contains(int[] ports, int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
