package dev.examsessions.adapter.redis;

import dev.examsessions.domain.port.RateLimiter;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sliding-window limit shared by every instance through Redis: one sorted set of event times per key
 * ({@code exam:ratelimit:<key>}), checked and updated by one script in one round trip.
 */
final class RedisRateLimiter implements RateLimiter {
    static final String KEY_PREFIX = "exam:ratelimit:";

    /** Checks and records one event; see {@code rate-limit.lua}. */
    static final RedisScript SLIDING_WINDOW = RedisScript.load("rateLimit", Map.of(), "rate-limit.lua");

    private final UnifiedJedis client;
    private final int limit;
    private final long windowMillis;
    private final Clock clock;

    RedisRateLimiter(UnifiedJedis client, int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, not " + window);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Duration> tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        String member = now + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        long wait = RedisFailures.call("rate limit", () -> SLIDING_WINDOW.run(client, List.of(KEY_PREFIX + key),
                List.of(Long.toString(now), Long.toString(windowMillis), Integer.toString(limit), member,
                        Long.toString(now - windowMillis))));
        return wait <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
    }
}
