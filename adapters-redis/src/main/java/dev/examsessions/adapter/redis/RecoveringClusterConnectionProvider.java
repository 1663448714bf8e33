package dev.examsessions.adapter.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jedis' Cluster connection provider that reads the slot map again from the seed nodes when it knows no node
 * yet: built while the Cluster was unreachable, Jedis would otherwise answer every keyless command (PING, the
 * health probe) with "No reachable node in cluster" forever, and a broadcast PING to no node with null. Keyed
 * commands already read the map again.
 */
final class RecoveringClusterConnectionProvider extends ClusterConnectionProvider {
    /** While no node is known, the seeds are asked at most this often (each try may wait a connect timeout). */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    private final AtomicLong lastRenewNanos = new AtomicLong(System.nanoTime() - RETRY_INTERVAL.toNanos());

    /** Build it with {@code jedis.cluster.initNoError} set, or the constructor throws when no seed answers. */
    RecoveringClusterConnectionProvider(Set<HostAndPort> seeds, JedisClientConfig config,
                                        GenericObjectPoolConfig<Connection> pool) {
        super(seeds, config, pool);
    }

    @Override
    public Connection getConnection() {
        renewIfEmpty();
        return super.getConnection();
    }

    /** Also behind broadcast commands (PING) and the list of masters the session count scans. */
    @Override
    public Map<String, ConnectionPool> getNodes() {
        renewIfEmpty();
        return super.getNodes();
    }

    @Override
    public Map<String, ConnectionPool> getPrimaryNodes() {
        renewIfEmpty();
        return super.getPrimaryNodes();
    }

    private void renewIfEmpty() {
        if (lastRenewNanos == null) {
            return; // called from the superclass constructor, which reads the map itself
        }
        long last = lastRenewNanos.get();
        long now = System.nanoTime();
        if (super.getPrimaryNodes().isEmpty() && now - last >= RETRY_INTERVAL.toNanos()
                && lastRenewNanos.compareAndSet(last, now)) {
            try {
                renewSlotCache();
            } catch (JedisException stillUnreachable) {
                // the caller finds no node and fails (or PING answers nothing)
            }
        }
    }
}
