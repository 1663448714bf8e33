package dev.examsessions.adapter.redis;

import dev.examsessions.domain.port.RateLimiter;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sliding-window limit shared by every instance through Redis: one sorted set of event times per key
 * ({@code exam:ratelimit:<key>}), checked and updated by one script in one round trip.
 */
final class RedisRateLimiter implements RateLimiter {
    static final String KEY_PREFIX = "exam:ratelimit:";

    /**
     * KEYS[1] limiter key; ARGV[1] now (epoch ms), ARGV[2] window (ms), ARGV[3] limit, ARGV[4] a unique
     * member for this event, ARGV[5] now − window. Returns 0 when the event is allowed and recorded,
     * otherwise the milliseconds until it would be. The set's TTL is set in the same script as its write.
     */
    static final RedisScript SLIDING_WINDOW = RedisScript.of("rateLimit", """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 0
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local window = tonumber(ARGV[2])
            local wait = tonumber(oldest[2]) + window - tonumber(ARGV[1])
            if wait < 1 then
              wait = 1
            elseif wait > window then
              wait = window -- another instance's clock runs ahead of ours
            end
            return wait
            """);

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
        long wait;
        try {
            wait = SLIDING_WINDOW.run(client, List.of(KEY_PREFIX + key), List.of(Long.toString(now),
                    Long.toString(windowMillis), Integer.toString(limit), member, Long.toString(now - windowMillis)));
        } catch (JedisException e) {
            throw RedisSessionAdapter.unavailable("Redis rate limit failed: " + e.getMessage(), e);
        }
        return wait <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
    }
}
