package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.SessionId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool meters on a real Redis: connections allowed, borrowed and idle, waiters, borrow counts and waits. */
class RedisPoolMetricsTest {

    @Test
    void poolMetersFollowTheClientsPool() {
        MeterRegistry registry = new SimpleMeterRegistry();
        RedisAdapters redis = RedisAdapters.on(TestRedis.newClient(7, Duration.ofSeconds(2)), Duration.ofMinutes(5),
                Clock.systemUTC());
        try (RedisSessionAdapter adapter = redis.sessions()) {
            redis.poolMetrics().bindTo(registry);
            for (int i = 0; i < 5; i++) {
                adapter.get(SessionId.parse("s-AAAAAAAAAAAAAAAAAAAAAAAA").orElseThrow());
            }

            assertEquals(7.0, registry.get("redis.pool.connections.max").gauge().value());
            assertEquals(0.0, registry.get("redis.pool.connections.active").gauge().value(), "all returned");
            assertTrue(registry.get("redis.pool.connections.idle").gauge().value() >= 1, "a connection is kept");
            assertEquals(0.0, registry.get("redis.pool.threads.waiting").gauge().value());
            assertTrue(registry.get("redis.pool.borrowed").functionCounter().count() >= 5);
            double maxWait = registry.get("redis.pool.borrow.wait.max").gauge().value();
            assertTrue(maxWait >= 0 && maxWait < 2, "seconds, below the pool's max wait: " + maxWait);
            assertEquals("seconds", registry.get("redis.pool.borrow.wait.mean").gauge().getId().getBaseUnit());
        }
    }
}
