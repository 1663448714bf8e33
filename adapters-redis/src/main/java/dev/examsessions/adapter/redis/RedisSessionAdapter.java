package dev.examsessions.adapter.redis;

import dev.examsessions.domain.failover.Backoff;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.error.StoreUnavailable;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Session copies in Redis: one JSON string per session under {@code exam:session:<id>} with the TTL on the
 * key; conditional writes are Lua scripts so that no write ever drops or forgets a TTL.
 */
public final class RedisSessionAdapter implements SessionPort {
    static final int PING_TRIES = 4;
    static final String KEY_PREFIX = "exam:session:";
    static final String KEY_PATTERN = KEY_PREFIX + "*";
    static final Duration STATS_MAX_AGE = Duration.ofSeconds(10);
    /** Read-modify-write attempts of one {@code update} before it gives up under contention. */
    static final int MAX_UPDATE_ATTEMPTS = 64;
    private static final Backoff CONFLICT_BACKOFF = new Backoff(Duration.ofMillis(1), Duration.ofMillis(50));
    private static final int SCAN_COUNT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionAdapter.class);

    /**
     * Lua prelude: {@code stored} (the raw GET reply), {@code version} (nil when absent or unreadable) and
     * {@code marker} (a stale marker) of the value at KEYS[1].
     */
    private static final String READ_STORED = """
            local stored = redis.pcall('GET', KEYS[1])
            local version, marker = nil, false
            if type(stored) == 'string' then
              local ok, doc = pcall(cjson.decode, stored)
              if ok and type(doc) == 'table' and type(doc.version) == 'number'
                  and type(doc.schemaVersion) == 'number' and doc.schemaVersion >= 1
                  and doc.schemaVersion <= %d then
                version = doc.version
                marker = doc.%s == true
              end
            end
            """.formatted(RedisSessionCodec.SCHEMA_VERSION, RedisSessionCodec.STALE);

    /**
     * KEYS[1] session key; ARGV[1] JSON, ARGV[2] its version, ARGV[3] TTL in ms, ARGV[4] {@code 1} when ARGV[3]
     * is the TTL whatever was there (a finished copy). Writes over nothing, a lower version, a marker at or below
     * the version, or an unreadable value (which counts as missing). Returns 1 when written, else 0.
     */
    static final RedisScript PUT_IF_NEWER = RedisScript.of("putIfNewer", READ_STORED + """
            local incoming = tonumber(ARGV[2])
            if version ~= nil then
              if marker then
                if incoming < version then
                  return 0
                end
              elseif incoming <= version then
                return 0
              end
            end
            -- a replaced copy (or unreadable value) keeps its remaining TTL; a key without one (written by hand),
            -- an absent key, a marker and a finished copy get ARGV[3]
            if stored ~= false and not marker and ARGV[4] ~= '1' and redis.call('PTTL', KEYS[1]) > 0 then
              redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
            else
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            end
            return 1
            """);

    /**
     * KEYS[1] session key; ARGV[1] the marker JSON, ARGV[2] its version, ARGV[3] its TTL in ms. Returns 1 when
     * written, 0 when a copy or marker at that version or higher is already there.
     */
    static final RedisScript INVALIDATE = RedisScript.of("invalidate", READ_STORED + """
            if version ~= nil and version >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1
            """);

    /**
     * KEYS[1] session key; ARGV[1] TTL in ms. Sets the TTL of a copy that is not a marker nor finished; returns
     * 1 when it did, 0 otherwise.
     */
    static final RedisScript EXTEND = RedisScript.of("extend", """
            local stored = redis.pcall('GET', KEYS[1])
            if stored == false then
              return 0
            end
            if type(stored) == 'string' then
              local ok, doc = pcall(cjson.decode, stored)
              if ok and type(doc) == 'table' and (doc.%s == true
                  or (type(doc.status) == 'string' and doc.status ~= 'IN_PROGRESS')) then
                return 0
              end
            end
            return redis.call('PEXPIRE', KEYS[1], ARGV[1])
            """.formatted(RedisSessionCodec.STALE));

    /**
     * KEYS[1] session key; ARGV[1] the version read, ARGV[2] the new JSON. Returns 1 when written (TTL
     * kept), 0 when the key is gone (nothing written), -1 when it now holds something else.
     */
    static final RedisScript COMPARE_AND_SET = RedisScript.of("compareAndSet", """
            local stored = redis.pcall('GET', KEYS[1])
            if stored == false then
              return 0
            end
            if type(stored) == 'string' then
              local ok, doc = pcall(cjson.decode, stored)
              if ok and type(doc) == 'table' and doc.%s ~= true and doc.version == tonumber(ARGV[1]) then
                redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
                return 1
              end
            end
            return -1
            """.formatted(RedisSessionCodec.STALE));

    private final UnifiedJedis client;
    private final Duration defaultTtl;
    private final Clock clock;
    private final RedisSessionCodec codec = new RedisSessionCodec();
    private volatile StatsSnapshot statsSnapshot;

    /** Session count and server details, measured at {@code takenAtNanos} ({@link System#nanoTime()}). */
    private record StatsSnapshot(long takenAtNanos, long sessionCount, Map<String, Object> details) {
    }

    private RedisSessionAdapter(UnifiedJedis client, Duration defaultTtl, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.defaultTtl = requirePositive(defaultTtl, "defaultTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An adapter on {@code client} (standalone, Sentinel or Cluster); the adapter owns the client and closes
     * it in {@link #close()}.
     */
    public static RedisSessionAdapter create(UnifiedJedis client, Duration defaultTtl, Clock clock) {
        return new RedisSessionAdapter(client, defaultTtl, clock);
    }

    /**
     * A limiter allowing {@code limit} events per key in any sliding {@code window}, shared by every instance
     * using this Redis; it uses this adapter's client (closing the adapter closes it).
     */
    public RateLimiter rateLimiter(int limit, Duration window) {
        return new RedisRateLimiter(client, limit, window, clock);
    }

    /** Meters of this adapter's connection pool(s), to bind to the service's registry. */
    public MeterBinder poolMetrics() {
        return new RedisPoolMetrics(client);
    }

    static String key(SessionId id) {
        return KEY_PREFIX + id.value();
    }

    @Override
    public void put(ExamSession session, Duration ttl) {
        Objects.requireNonNull(session, "session");
        SetParams px = SetParams.setParams().px(millis(ttl));
        String json = codec.encode(session);
        call("put", () -> client.set(key(session.sessionId()), json, px));
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        String key = key(id);
        return codec.decode(key, read(key));
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(change, "change");
        String key = key(id);
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(CONFLICT_BACKOFF.delay(attempt - 1, ThreadLocalRandom.current()));
            }
            Optional<ExamSession> current = codec.decode(key, read(key));
            if (current.isEmpty()) {
                return Optional.empty(); // gone, expired or unreadable: never recreated here
            }
            ExamSession old = current.get();
            ExamSession stored = old.changedBy(change);
            if (stored == old) {
                return current;
            }
            String json = codec.encode(stored);
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
        String json = codec.encode(session);
        long outcome = call("putIfNewer", () -> PUT_IF_NEWER.run(client, List.of(key(session.sessionId())),
                List.of(json, Long.toString(session.version()), ttl, "0")));
        return outcome == 1;
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        Objects.requireNonNull(finished, "finished");
        String ms = Long.toString(millis(atMostDefault(ttl)));
        String json = codec.encode(finished);
        long outcome = call("putFinished", () -> PUT_IF_NEWER.run(client, List.of(key(finished.sessionId())),
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
        return codec.decode(key, value).map(s -> new StoredSession(s, expiresAt));
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
     * details are measured at most every {@link #STATS_MAX_AGE}.
     */
    @Override
    public SessionStoreStats stats() {
        if (!ping()) {
            return new SessionStoreStats("redis", false, 0, Map.of("error", "unreachable"));
        }
        StatsSnapshot snapshot = statsSnapshot;
        if (snapshot == null || System.nanoTime() - snapshot.takenAtNanos() > STATS_MAX_AGE.toNanos()) {
            try {
                snapshot = measure();
            } catch (SessionStoreBusy e) {
                // reachable but every connection in use: the last figures (if any) are the best there are
                Map<String, Object> details = new LinkedHashMap<>(snapshot == null ? Map.of() : snapshot.details());
                details.put("busy", true);
                return new SessionStoreStats("redis", true, snapshot == null ? 0 : snapshot.sessionCount(), details);
            } catch (RuntimeException e) {
                LOG.debug("Redis stats failed", e);
                return new SessionStoreStats("redis", false, 0, Map.of("error", e.getClass().getSimpleName()));
            }
            statsSnapshot = snapshot;
        }
        return new SessionStoreStats("redis", true, snapshot.sessionCount(), snapshot.details());
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

    private StatsSnapshot measure() {
        Map<String, Object> details = new LinkedHashMap<>();
        long count = 0;
        if (client instanceof RedisClusterClient cluster) {
            int masters = 0;
            int unreachable = 0;
            for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
                try (Jedis jedis = new Jedis(node.getValue().getResource())) {
                    if (!jedis.info("replication").contains("role:master")) {
                        continue;
                    }
                    masters++;
                    count += countSessions(jedis::scan);
                    if (!details.containsKey("redis_version")) {
                        details.putAll(serverDetails(jedis.info()));
                    }
                } catch (JedisException e) {
                    unreachable++;
                    LOG.debug("Redis cluster node {} did not answer the session count", node.getKey(), e);
                }
            }
            details.put("mode", "cluster");
            details.put("masters", masters);
            if (unreachable > 0) {
                details.put("unreachableNodes", unreachable);
            }
        } else {
            count = call("stats", () -> countSessions(client::scan));
            details.putAll(serverDetails(call("stats", client::info)));
        }
        details.put("defaultTtlSeconds", defaultTtl.toSeconds());
        return new StatsSnapshot(System.nanoTime(), count, details);
    }

    private static long countSessions(BiFunction<String, ScanParams, ScanResult<String>> scan) {
        ScanParams params = new ScanParams().match(KEY_PATTERN).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        long count = 0;
        do {
            ScanResult<String> page = scan.apply(cursor, params);
            count += page.getResult().size();
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return count;
    }

    private static Map<String, Object> serverDetails(String info) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.startsWith("#")) {
                continue;
            }
            String name = line.substring(0, colon);
            if (name.equals("redis_version") || name.equals("used_memory_human") || name.equals("connected_clients")) {
                details.put(name, line.substring(colon + 1).trim());
            }
        }
        return details;
    }

    /**
     * Runs one Redis call; every client failure (connection, cluster, server error) becomes unavailable, an
     * exhausted pool busy.
     */
    private static <T> T call(String operation, Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (JedisException e) {
            throw unavailable("Redis " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private static void pause(Duration delay) {
        LockSupport.parkNanos(delay.toNanos());
        if (Thread.currentThread().isInterrupted()) {
            throw unavailable("interrupted while retrying a session update", null);
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

    private static Duration requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
        return d;
    }
}
