package dev.examsessions.e2e;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import redis.clients.jedis.Jedis;

import java.util.function.Function;

/**
 * The Redis copy of an exam session ({@code exam:session:<id>}) in the suite's own redis-server, read and
 * dropped over a fresh {@link RedisServerProcess#jedis()} connection per call.
 */
final class SessionKeys {
    private SessionKeys() {
    }

    static String key(String sessionId) {
        return "exam:session:" + sessionId;
    }

    /** The stored session JSON, or null when the key is missing. */
    static String json(RedisServerProcess redis, String sessionId) {
        return on(redis, jedis -> jedis.get(key(sessionId)));
    }

    static boolean exists(RedisServerProcess redis, String sessionId) {
        return on(redis, jedis -> jedis.exists(key(sessionId)));
    }

    static long pttl(RedisServerProcess redis, String sessionId) {
        return on(redis, jedis -> jedis.pttl(key(sessionId)));
    }

    static long pexpiretime(RedisServerProcess redis, String sessionId) {
        return on(redis, jedis -> jedis.pexpireTime(key(sessionId)));
    }

    /** Drops the copy, so that the next request rebuilds it from the attempt. */
    static void delete(RedisServerProcess redis, String sessionId) {
        on(redis, jedis -> jedis.del(key(sessionId)));
    }

    private static <T> T on(RedisServerProcess redis, Function<Jedis, T> command) {
        try (Jedis jedis = redis.jedis()) {
            return command.apply(jedis);
        }
    }
}
