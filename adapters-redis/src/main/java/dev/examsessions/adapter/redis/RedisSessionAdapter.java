package dev.examsessions.adapter.redis;

import dev.examsessions.domain.failover.Backoff;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static dev.examsessions.adapter.redis.Durations.requirePositive;
import static dev.examsessions.adapter.redis.RedisFailures.call;
import static dev.examsessions.adapter.redis.RedisFailures.unavailable;
import static dev.examsessions.adapter.redis.SessionScripts.COMPARE_AND_SET;
import static dev.examsessions.adapter.redis.SessionScripts.EXTEND;
import static dev.examsessions.adapter.redis.SessionScripts.INVALIDATE;
import static dev.examsessions.adapter.redis.SessionScripts.PUT_IF_NEWER;

/**
 * Session copies in Redis: one JSON string per session under {@code exam:session:<id>} with the TTL on the
 * key; conditional writes are Lua scripts so that no write ever drops or forgets a TTL.
 */
public final class RedisSessionAdapter implements SessionPort {
    static final int PING_TRIES = 4;
    static final String KEY_PREFIX = "exam:session:";
    /** Read-modify-write attempts of one {@code update} before it gives up under contention. */
    static final int MAX_UPDATE_ATTEMPTS = 64;
    private static final Backoff CONFLICT_BACKOFF = new Backoff(Duration.ofMillis(1), Duration.ofMillis(50));
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionAdapter.class);

    private final UnifiedJedis client;
    private final Duration defaultTtl;
    private final RedisSessionCodec codec = new RedisSessionCodec();
    private final DecodedCopies copies = new DecodedCopies(codec);
    private final RedisStats stats;

    private RedisSessionAdapter(UnifiedJedis client, Duration defaultTtl) {
        this.client = Objects.requireNonNull(client, "client");
        this.defaultTtl = requirePositive(defaultTtl, "defaultTtl");
        this.stats = new RedisStats(client, defaultTtl);
    }

    /**
     * An adapter on {@code client} (standalone, Sentinel or Cluster; {@link RedisAdapters} builds one); the
     * adapter closes the client in {@link #close()}.
     */
    public static RedisSessionAdapter create(UnifiedJedis client, Duration defaultTtl) {
        return new RedisSessionAdapter(client, defaultTtl);
    }

    static String key(SessionId id) {
        return KEY_PREFIX + id.value();
    }

    @Override
    public void put(ExamSession session, Duration ttl) {
        Objects.requireNonNull(session, "session");
        SetParams px = SetParams.setParams().px(millis(ttl));
        String key = key(session.sessionId());
        String json = copies.encode(key, session);
        call("put", () -> client.set(key, json, px));
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        String key = key(id);
        return copies.decode(key, read(key));
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(change, "change");
        String key = key(id);
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(CONFLICT_BACKOFF.delay(attempt - 1, ThreadLocalRandom.current()));
            }
            Optional<ExamSession> current = copies.decode(key, read(key));
            if (current.isEmpty()) {
                return Optional.empty(); // gone, expired or unreadable: never recreated here
            }
            ExamSession old = current.get();
            ExamSession stored = old.changedBy(change);
            if (stored == old) {
                return current;
            }
            String json = copies.encode(key, stored);
            long outcome = call("update", () -> COMPARE_AND_SET.run(client, List.of(key),
                    List.of(Long.toString(old.version()), json)));
            if (outcome == 1) {
                return Optional.of(stored);
            }
            if (outcome == 0) {
                return Optional.empty();
            }
            // -1: another writer got there first; read again and rerun the change on its state
        }
        throw unavailable("update of " + key + " lost the race " + MAX_UPDATE_ATTEMPTS + " times in a row", null);
    }

    @Override
    public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        Objects.requireNonNull(session, "session");
        String ttl = Long.toString(millis(ttlIfAbsent));
        String key = key(session.sessionId());
        String json = copies.encode(key, session);
        long outcome = call("putIfNewer", () -> PUT_IF_NEWER.run(client, List.of(key),
                List.of(json, Long.toString(session.version()), ttl, "0")));
        return outcome == 1;
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        Objects.requireNonNull(finished, "finished");
        String ms = Long.toString(millis(atMostDefault(ttl)));
        String key = key(finished.sessionId());
        String json = copies.encode(key, finished);
        long outcome = call("putFinished", () -> PUT_IF_NEWER.run(client, List.of(key),
                List.of(json, Long.toString(finished.version()), ms, "1")));
        return outcome == 1;
    }

    @Override
    public boolean invalidate(SessionId id, long version, Duration ttl) {
        String ms = Long.toString(millis(atMostDefault(ttl)));
        String json = codec.encodeMarker(id, version);
        long outcome = call("invalidate", () -> INVALIDATE.run(client, List.of(key(id)),
                List.of(json, Long.toString(version), ms)));
        return outcome == 1;
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        return putIfNewer(session, defaultTtl);
    }

    @Override
    public boolean delete(SessionId id) {
        return call("delete", () -> client.del(key(id))) > 0;
    }

    @Override
    public boolean extend(SessionId id, Duration ttl) {
        String ms = Long.toString(millis(ttl));
        return call("extend", () -> EXTEND.run(client, List.of(key(id)), List.of(ms))) == 1;
    }

    /** GET and PEXPIRETIME pipelined: one round trip. */
    @Override
    public Optional<StoredSession> getWithExpiry(SessionId id) {
        String key = key(id);
        String value;
        long expiry;
        try (AbstractPipeline pipeline = client.pipelined()) {
            Response<String> read = pipeline.get(key);
            Response<Long> expires = pipeline.pexpireTime(key);
            pipeline.sync();
            expiry = expires.get();
            value = readReply(key, read);
        } catch (JedisException e) {
            throw unavailable("Redis get failed: " + e.getMessage(), e);
        }
        Instant expiresAt = expiry < 0 ? null : Instant.ofEpochMilli(expiry);
        return copies.decode(key, value).map(s -> new StoredSession(s, expiresAt));
    }

    /** The expiry of a session copy (a stale marker's is nobody's business): GET and PEXPIRETIME pipelined. */
    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        return getWithExpiry(id).map(StoredSession::expiresAt);
    }

    @Override
    public boolean ping() {
        // After a Redis restart the pool still holds connections to the old process; each failed PING
        // discards one, so a few quick tries reach a fresh connection instead of reporting "down".
        for (int attempt = 1; attempt <= PING_TRIES; attempt++) {
            try {
                if ("PONG".equalsIgnoreCase(client.ping())) {
                    return true;
                }
            } catch (RuntimeException e) {
                if (PoolExhaustion.isCause(e)) {
                    // every connection is in use by a call talking to Redis: it answers, this instance is busy
                    return true;
                }
                LOG.debug("Redis PING failed (try {} of {})", attempt, PING_TRIES, e);
            }
        }
        return false;
    }

    /**
     * Reachability is checked on every call; the session count (a SCAN of every master) and the server
     * details are measured at most every {@link RedisStats#MAX_AGE}.
     */
    @Override
    public SessionStoreStats stats() {
        return ping() ? stats.current() : RedisStats.unreachable();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the Redis client failed", e);
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    /** One GET; a key holding another type than a string is an unreadable value, i.e. a missing session. */
    private String read(String key) {
        try {
            return client.get(key);
        } catch (JedisDataException e) {
            return unreadableOrFail(key, e);
        } catch (JedisException e) {
            throw unavailable("Redis get failed: " + e.getMessage(), e);
        }
    }

    private String readReply(String key, Response<String> reply) {
        try {
            return reply.get();
        } catch (JedisDataException e) {
            return unreadableOrFail(key, e);
        }
    }

    /** A value of another type at the key is an unreadable session (missing); any other error is an outage. */
    private String unreadableOrFail(String key, JedisDataException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE")) {
            codec.reportUnreadable(key, "not a string value");
            return null;
        }
        throw unavailable("Redis get failed: " + e.getMessage(), e);
    }

    private static void pause(Duration delay) {
        LockSupport.parkNanos(delay.toNanos());
        if (Thread.currentThread().isInterrupted()) {
            throw unavailable("interrupted while retrying a session update", null);
        }
    }

    /** No copy or marker outlives the configured session TTL. */
    private Duration atMostDefault(Duration ttl) {
        requirePositive(ttl, "ttl");
        return ttl.compareTo(defaultTtl) > 0 ? defaultTtl : ttl;
    }

    private static long millis(Duration ttl) {
        requirePositive(ttl, "ttl");
        try {
            return Math.max(1, ttl.toMillis());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }
}
