package dev.examsessions.adapter.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.pool2.impl.GenericObjectPool;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Jedis connection pool(s) as meters: connections active, idle and allowed, threads waiting for one, borrow
 * wait (commons-pool2's mean and max over recent borrows) and borrows. A Cluster client sums its node pools.
 */
final class RedisPoolMetrics implements MeterBinder {
    private final UnifiedJedis client;

    RedisPoolMetrics(UnifiedJedis client) {
        this.client = client;
    }

    /** The pools behind the client now (the cluster's node set changes); none for a Sentinel client. */
    private Collection<? extends GenericObjectPool<?>> pools() {
        if (client instanceof RedisClient standalone) {
            return List.of(standalone.getPool());
        }
        if (client instanceof RedisClusterClient cluster) {
            return cluster.getClusterNodes().values();
        }
        return List.of();
    }

    private double sum(ToDoubleFunction<GenericObjectPool<?>> f) {
        return pools().stream().mapToDouble(f).sum();
    }

    private double max(ToDoubleFunction<GenericObjectPool<?>> f) {
        return pools().stream().mapToDouble(f).max().orElse(0);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "redis.pool.connections.active", "Redis connections borrowed now", p -> sum(GenericObjectPool::getNumActive));
        gauge(registry, "redis.pool.connections.idle", "Redis connections idle in the pool", p -> sum(GenericObjectPool::getNumIdle));
        gauge(registry, "redis.pool.connections.max", "Redis connections the pool may open", p -> sum(GenericObjectPool::getMaxTotal));
        gauge(registry, "redis.pool.threads.waiting", "Threads waiting for a Redis connection",
                p -> sum(GenericObjectPool::getNumWaiters));
        Gauge.builder("redis.pool.borrow.wait.mean", this, p -> max(x -> x.getMeanBorrowWaitDuration().toNanos() / 1e9))
                .description("Mean wait for a Redis connection over the recent borrows").baseUnit("seconds")
                .strongReference(true).register(registry);
        Gauge.builder("redis.pool.borrow.wait.max", this, p -> max(x -> x.getMaxBorrowWaitDuration().toNanos() / 1e9))
                .description("Longest wait for a Redis connection since start").baseUnit("seconds")
                .strongReference(true).register(registry);
        FunctionCounter.builder("redis.pool.borrowed", this, p -> sum(GenericObjectPool::getBorrowedCount))
                .description("Redis connections borrowed from the pool").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<RedisPoolMetrics> f) {
        Gauge.builder(name, this, f).description(description).strongReference(true).register(registry);
    }
}
