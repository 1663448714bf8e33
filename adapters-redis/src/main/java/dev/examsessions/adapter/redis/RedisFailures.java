package dev.examsessions.adapter.redis;

import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import redis.clients.jedis.exceptions.JedisException;

import java.util.function.Supplier;

/** Turns what Jedis throws into the domain's store failures: unavailable, or busy when the pool ran dry. */
final class RedisFailures {
    private RedisFailures() {
    }

    /**
     * Runs one Redis call; every client failure (connection, cluster, server error) becomes unavailable, an
     * exhausted pool busy.
     */
    static <T> T call(String operation, Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (JedisException e) {
            throw unavailable("Redis " + operation + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@link StoreUnavailable} carrying {@code cause} (null when there is none); {@link SessionStoreBusy}
     * when no pooled connection came free in time: Redis answers, this instance is just busy, and that must not
     * send it to its fallback store.
     */
    static StoreUnavailable unavailable(String message, Throwable cause) {
        if (PoolExhaustion.isCause(cause)) {
            return new SessionStoreBusy("Redis connection pool exhausted: " + message, cause);
        }
        return new StoreUnavailable(message, cause);
    }
}
