package dev.examsessions.adapter.redis.testing;

import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * A Sentinel set-up on loopback: a master, one replica of it and one Sentinel ({@code redis-server <conf>
 * --sentinel}, writable config) monitoring the master as {@value #MASTER_NAME} with quorum 1, a 1 s
 * {@code down-after-milliseconds} and a 5 s {@code failover-timeout}. Closing stops all three.
 */
public final class RedisSentinelSetup implements AutoCloseable {
    public static final String MASTER_NAME = "m";
    /** How long a failover or a replication may take (generous: CI machines are busy). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RedisServerProcess first;
    private final RedisServerProcess second;
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private RedisSentinelSetup(RedisServerProcess first, RedisServerProcess second) {
        this.first = first;
        this.second = second;
    }

    /** Starts master, replica and Sentinel; returns when the replica is in sync and the Sentinel knows it. */
    public static RedisSentinelSetup start() {
        RedisServerProcess master = RedisServerProcess.start();
        RedisSentinelSetup setup = null;
        try {
            RedisServerProcess replica = RedisServerProcess.start("--replicaof", master.host(),
                    Integer.toString(master.port()));
            setup = new RedisSentinelSetup(master, replica);
            setup.startSentinel(0);
            setup.awaitReplicaInSync();
            setup.awaitSentinelKnowsReplica();
            return setup;
        } catch (RuntimeException e) {
            if (setup != null) {
                setup.close();
            } else {
                master.stop();
            }
            throw e;
        }
    }

    /**
     * Starts one more Sentinel monitoring the same master, on {@code port} (0: a spare one), and returns it
     * when it answers PING.
     */
    public RedisServerProcess startSentinel(int port) {
        RedisServerProcess master = master();
        RedisServerProcess sentinel = RedisServerProcess.launch("redis-sentinel", port, null, (p, dir) -> {
            Path conf = dir.resolve("sentinel.conf");
            try {
                // the Sentinel rewrites its config file: it must be writable and its own
                Files.writeString(conf, String.join("\n",
                        "port " + p,
                        "bind 127.0.0.1",
                        "dir " + dir,
                        "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 1",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                        "sentinel failover-timeout " + MASTER_NAME + " 5000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1",
                        ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of("redis-server", conf.toString(), "--sentinel");
        });
        synchronized (sentinels) {
            sentinels.add(sentinel);
        }
        return sentinel;
    }

    /** {@code redis-sentinel://127.0.0.1:<sentinel port>[,…]/m}: every Sentinel started so far. */
    public String url() {
        List<String> hosts = new ArrayList<>();
        synchronized (sentinels) {
            for (RedisServerProcess s : sentinels) {
                hosts.add(s.host() + ":" + s.port());
            }
        }
        return "redis-sentinel://" + String.join(",", hosts) + "/" + MASTER_NAME;
    }

    /** The server that is master now, as the first Sentinel reports it. */
    public RedisServerProcess master() {
        if (sentinels.isEmpty()) {
            return first;
        }
        int port = masterPortBySentinel();
        return port == second.port() ? second : first;
    }

    /** The server that is a replica now. */
    public RedisServerProcess replica() {
        return master() == first ? second : first;
    }

    public RedisServerProcess sentinel() {
        return sentinels.get(0);
    }

    /** The master's port as the first Sentinel reports it. */
    public int masterPortBySentinel() {
        try (Jedis sentinel = sentinel().jedis()) {
            List<String> address = sentinel.sentinelGetMasterAddrByName(MASTER_NAME);
            return Integer.parseInt(address.get(1));
        }
    }

    /** Waits until the replica's link to the master is up and it has every write the master acknowledged. */
    public void awaitReplicaInSync() {
        RedisServerProcess master = master();
        RedisServerProcess replica = replica();
        awaitTrue("replica " + replica + " in sync with master " + master, () -> {
            try (Jedis m = master.jedis(); Jedis r = replica.jedis()) {
                String replication = r.info("replication");
                if (!replication.contains("master_link_status:up")
                        || !replication.contains("master_port:" + master.port())) {
                    return false;
                }
                // every write acknowledged so far has reached the replica
                return m.waitReplicas(1, 1000) >= 1;
            }
        });
    }

    /** Waits until the Sentinel lists the replica as healthy, so that a failover can promote it. */
    public void awaitSentinelKnowsReplica() {
        RedisServerProcess replica = replica();
        awaitTrue("Sentinel knowing replica " + replica, () -> {
            try (Jedis sentinel = sentinel().jedis()) {
                for (Map<String, String> r : sentinel.sentinelReplicas(MASTER_NAME)) {
                    if (String.valueOf(replica.port()).equals(r.get("port"))
                            && "slave".equals(r.get("flags")) && "ok".equals(r.get("master-link-status"))) {
                        return true;
                    }
                }
                return false;
            }
        });
    }

    /**
     * Forces a failover ({@code SENTINEL FAILOVER m}) and returns the new master once the Sentinel reports
     * it and it answers as master. The old master becomes a replica of it.
     */
    public RedisServerProcess failover() {
        RedisServerProcess oldMaster = master();
        RedisServerProcess promoted = replica();
        awaitTrue("Sentinel accepting SENTINEL FAILOVER", () -> {
            try (Jedis sentinel = sentinel().jedis()) {
                return "OK".equals(sentinel.sentinelFailover(MASTER_NAME));
            }
        });
        awaitTrue("failover from " + oldMaster + " to " + promoted, () -> {
            if (masterPortBySentinel() != promoted.port()) {
                return false;
            }
            try (Jedis m = promoted.jedis()) {
                return m.info("replication").contains("role:master");
            }
        });
        return promoted;
    }

    @Override
    public void close() {
        List<RedisServerProcess> all;
        synchronized (sentinels) {
            all = new ArrayList<>(sentinels);
        }
        all.add(first);
        all.add(second);
        RuntimeException failure = null;
        for (RedisServerProcess p : all) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        try {
            await(what).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    // not there yet: a server restarting, a role changing
                    .ignoreExceptionsMatching(e -> e instanceof JedisException || e instanceof IllegalStateException
                            || e instanceof IndexOutOfBoundsException || e instanceof NumberFormatException)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("timed out after " + TIMEOUT + " awaiting " + what, e);
        }
    }
}
