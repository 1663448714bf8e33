package dev.examsessions.adapter.redis;

import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared sliding-window limit: the limit, independent keys, the window passing, instances sharing it. */
class RedisRateLimiterTest {
    private static final Duration WINDOW = Duration.ofMillis(300);

    private static RedisClient raw;
    private static RedisAdapters adapter;
    private static RedisAdapters otherInstance;

    @BeforeAll
    static void open() {
        raw = TestRedis.newClient();
        adapter = RedisAdapters.on(TestRedis.newClient(), SessionPort.DEFAULT_TTL, Clock.systemUTC());
        otherInstance = RedisAdapters.on(TestRedis.newClient(), SessionPort.DEFAULT_TTL, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        adapter.sessions().close();
        otherInstance.sessions().close();
        raw.close();
    }

    private static String freshKey() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void limitReachedAnswersTheWaitWithinTheWindow() {
        RateLimiter limiter = adapter.rateLimiter(3, WINDOW);
        String who = freshKey();
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire(who), "event " + (i + 1));
        }
        Duration wait = limiter.tryAcquire(who).orElseThrow();
        assertTrue(!wait.isNegative() && !wait.isZero() && wait.compareTo(WINDOW) <= 0, "wait " + wait);
        // a refused event is not counted: the wait only shrinks
        Duration again = limiter.tryAcquire(who).orElseThrow();
        assertTrue(again.compareTo(wait) <= 0, again + " after " + wait);
    }

    @Test
    void keysAreIndependent() {
        RateLimiter limiter = adapter.rateLimiter(1, Duration.ofMinutes(1));
        String a = freshKey();
        String b = freshKey();
        assertEquals(Optional.empty(), limiter.tryAcquire(a));
        assertTrue(limiter.tryAcquire(a).isPresent());
        assertEquals(Optional.empty(), limiter.tryAcquire(b));
        assertTrue(limiter.tryAcquire(b).isPresent());
    }

    @Test
    void eventsAreAllowedAgainOnceTheWindowPassed() {
        RateLimiter limiter = adapter.rateLimiter(2, WINDOW);
        String who = freshKey();
        assertEquals(Optional.empty(), limiter.tryAcquire(who));
        assertEquals(Optional.empty(), limiter.tryAcquire(who));
        assertTrue(limiter.tryAcquire(who).isPresent());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> limiter.tryAcquire(who).isEmpty());
    }

    @Test
    void instancesShareTheLimitAndTheKeyAlwaysHasATtl() {
        String who = freshKey();
        RateLimiter here = adapter.rateLimiter(2, Duration.ofMinutes(1));
        RateLimiter there = otherInstance.rateLimiter(2, Duration.ofMinutes(1));
        assertEquals(Optional.empty(), here.tryAcquire(who));
        assertEquals(Optional.empty(), there.tryAcquire(who));
        assertTrue(here.tryAcquire(who).isPresent());
        assertTrue(there.tryAcquire(who).isPresent());
        long ttl = raw.pttl("exam:ratelimit:" + who);
        assertTrue(ttl > 0 && ttl <= 60_000, "PTTL " + ttl);
        assertEquals(2, raw.zcard("exam:ratelimit:" + who));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> adapter.rateLimiter(0, WINDOW));
        assertThrows(IllegalArgumentException.class, () -> adapter.rateLimiter(1, Duration.ZERO));
    }
}
