package dev.examsessions.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis-specific behaviour beyond the contract: the stored form, unreadable values, lost scripts, outages, stats. */
class RedisSessionAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final ExamType TYPE = new ExamType("redis-exam", "Redis exam", 8, 60,
            new PausePolicy(List.of(2, 4), 120_000));

    private static RedisClient raw;
    private static RedisAdapters redis;
    private static RedisSessionAdapter adapter;

    @BeforeAll
    static void open() {
        raw = TestRedis.newClient();
        redis = RedisAdapters.on(TestRedis.newClient(), SessionPort.DEFAULT_TTL, Clock.systemUTC());
        adapter = redis.sessions();
    }

    @AfterAll
    static void close() {
        adapter.close();
        raw.close();
    }

    private static ExamSession newSession() {
        return ExamSession.start(SessionId.newId(), 77, TYPE, ExamMode.EXAM, LongStream.rangeClosed(1, 8).boxed().toList(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String key(SessionId id) {
        return "exam:session:" + id.value();
    }

    // ---- the stored form (the runbook's GET / TTL / SCAN) ----------------------------------------

    @Test
    void sessionIsAJsonStringUnderItsKeyWithATtl() throws Exception {
        ExamSession s = newSession().withVersion(3);
        adapter.put(s, TEN_MINUTES);
        JsonNode stored = JSON.readTree(raw.get(key(s.sessionId())));
        assertEquals(s.sessionId().value(), stored.get("sessionId").textValue());
        assertEquals(3, stored.get("version").longValue());
        assertEquals(1, stored.get("schemaVersion").intValue());
        long ttl = raw.ttl(key(s.sessionId()));
        assertTrue(ttl > 590 && ttl <= 600, "TTL " + ttl);
    }

    @Test
    void updateWritesVersionPlusOneIntoTheJsonAndKeepsTheExpiry() throws Exception {
        ExamSession s = newSession();
        adapter.put(s, TEN_MINUTES);
        long expiry = raw.pexpireTime(key(s.sessionId()));
        adapter.update(s.sessionId(), x -> x.flag(3, true, Instant.now()));
        assertEquals(2, JSON.readTree(raw.get(key(s.sessionId()))).get("version").longValue());
        assertEquals(expiry, raw.pexpireTime(key(s.sessionId())));
    }

    @Test
    void aStaleMarkerIsRunbookReadableJsonWithTheVersionAndNoWarning() throws Exception {
        ExamSession s = newSession().withVersion(4);
        adapter.put(s, TEN_MINUTES);
        assertTrue(adapter.invalidate(s.sessionId(), 5, Duration.ofMinutes(1)));

        JsonNode marker = JSON.readTree(raw.get(key(s.sessionId())));
        assertEquals(s.sessionId().value(), marker.get("sessionId").textValue());
        assertEquals(5, marker.get("version").longValue(), "the version the scripts compare");
        assertTrue(marker.get("stale").booleanValue());
        assertEquals(1, marker.get("schemaVersion").intValue());
        long pttl = raw.pttl(key(s.sessionId()));
        assertTrue(pttl > 0 && pttl <= 60_000, "the marker's own TTL " + pttl);
        assertEquals(Optional.empty(), adapter.get(s.sessionId()));
    }

    @Test
    void finishedCopiesAndMarkersNeverOutliveTheDefaultTtl() {
        RedisSessionAdapter shortLived = RedisSessionAdapter.create(TestRedis.newClient(), Duration.ofSeconds(30));
        try {
            ExamSession s = newSession();
            assertTrue(shortLived.invalidate(s.sessionId(), 2, SessionPort.GUARD_TTL));
            assertTrue(raw.pttl(key(s.sessionId())) <= 30_000);
            ExamSession done = s.submit(java.util.Map.of(), Instant.now()).withVersion(2);
            assertTrue(shortLived.putFinished(done, SessionPort.GUARD_TTL));
            long pttl = raw.pttl(key(s.sessionId()));
            assertTrue(pttl > 0 && pttl <= 30_000, "PTTL " + pttl);
        } finally {
            shortLived.close();
        }
    }

    @Test
    void valuesInThePreviousCodecsBytesAreReadAndComparedByTheScripts() {
        SessionId id = SessionId.newId();
        String key = key(id);
        String running = StoredFormatCompatibilityTest.ON_A_BREAK.replace("s-AAAAbbbbCCCCdddd_-_-0123", id.value());
        raw.set(key, running, SetParams.setParams().px(120_000));
        assertEquals(withId(StoredFormatCompatibilityTest.onABreak(), id), adapter.get(id).orElseThrow());
        ExamSession changed = adapter.update(id, x -> x.withAnswers(java.util.Map.of(1L, "A"))).orElseThrow();
        assertEquals(8, changed.version(), "compareAndSet read the old version 7");
        assertEquals(Optional.of(changed), adapter.get(id));

        String marker = StoredFormatCompatibilityTest.STALE_MARKER.replace("s-Jx3kq9ZQ0c8tV1bRrW5mNa2y", id.value());
        raw.set(key, marker, SetParams.setParams().px(120_000));
        assertEquals(Optional.empty(), adapter.get(id));
        assertFalse(adapter.extend(id, TEN_MINUTES), "extend leaves an old marker alone");
        assertFalse(adapter.putIfNewer(changed.withVersion(42), TEN_MINUTES), "below the old marker's version 43");
        assertTrue(adapter.putIfNewer(changed.withVersion(43), TEN_MINUTES));

        String finished = StoredFormatCompatibilityTest.SUBMITTED_WITH_RESULT
                .replace("s-Jx3kq9ZQ0c8tV1bRrW5mNa2y", id.value());
        raw.set(key, finished, SetParams.setParams().px(120_000));
        assertFalse(adapter.extend(id, TEN_MINUTES), "extend reads the old finished status");
        assertFalse(adapter.putIfNewer(changed.withVersion(42), TEN_MINUTES), "not above the old version 42");
        assertEquals(withId(StoredFormatCompatibilityTest.submittedWithResult(), id), adapter.get(id).orElseThrow());
    }

    private static ExamSession withId(ExamSession s, SessionId id) {
        return new ExamSession(id, s.attemptId(), s.userId(), s.examType(), s.mode(), s.questionIds(), s.answers(),
                s.flags(), s.pausePolicy(), s.pauses(), s.startedAt(), s.deadline(), s.status(), s.result(),
                s.version());
    }

    // ---- unreadable values ---------------------------------------------------------------------

    @Test
    void unreadableValueIsMissingForGetAndUpdateAndOverwrittenByPutIfNewerKeepingItsTtl() {
        ExamSession s = newSession().withVersion(9);
        String key = key(s.sessionId());
        raw.set(key, "{not json", SetParams.setParams().px(120_000));
        long expiry = raw.pexpireTime(key);

        assertEquals(Optional.empty(), adapter.get(s.sessionId()));
        assertEquals(Optional.empty(), adapter.update(s.sessionId(), x -> x.flag(1, true, Instant.now())));
        assertEquals("{not json", raw.get(key), "update must leave an unreadable value alone");

        assertTrue(adapter.putIfNewer(s, TEN_MINUTES));
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
        assertEquals(expiry, raw.pexpireTime(key));
    }

    @Test
    void readableJsonThatIsNotASessionIsMissing() {
        ExamSession s = newSession();
        raw.set(key(s.sessionId()), "{\"version\":1,\"schemaVersion\":1}", SetParams.setParams().px(60_000));
        assertEquals(Optional.empty(), adapter.get(s.sessionId()));
        assertEquals(Optional.empty(), adapter.update(s.sessionId(), x -> x.flag(1, true, Instant.now())));
    }

    @Test
    void valueOfAnUnknownSchemaVersionIsMissingAndOverwritten() {
        ExamSession s = newSession().withVersion(2);
        String future = new RedisSessionCodec().encode(s.withVersion(50)).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        raw.set(key(s.sessionId()), future, SetParams.setParams().px(60_000));
        assertEquals(Optional.empty(), adapter.get(s.sessionId()));
        assertTrue(adapter.putIfNewer(s, TEN_MINUTES));
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
    }

    @Test
    void valueOfAnotherTypeIsMissingAndOverwrittenByPutIfNewer() {
        ExamSession s = newSession();
        String key = key(s.sessionId());
        // a hash with its TTL, created atomically so the key never lacks one
        raw.eval("redis.call('HSET', KEYS[1], 'a', 'b') redis.call('PEXPIRE', KEYS[1], 60000) return 1",
                List.of(key), List.of());
        long expiry = raw.pexpireTime(key);
        assertEquals(Optional.empty(), adapter.get(s.sessionId()));
        assertEquals(Optional.empty(), adapter.update(s.sessionId(), x -> x.flag(1, true, Instant.now())));
        assertTrue(adapter.putIfNewer(s, TEN_MINUTES));
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
        assertEquals(expiry, raw.pexpireTime(key));
    }

    @Test
    void valueWithoutTtlGetsTheFreshTtlFromPutIfNewer() {
        RedisSessionCodec codec = new RedisSessionCodec();
        for (boolean readable : new boolean[] {false, true}) {
            ExamSession s = newSession().withVersion(3);
            String key = key(s.sessionId());
            try {
                // deliberately without TTL: what an operator's manual SET leaves behind
                raw.set(key, readable ? codec.encode(s.withVersion(2)) : "garbage");
                Instant before = Instant.now();
                assertTrue(adapter.putIfNewer(s, TEN_MINUTES));
                Instant expiry = adapter.expiresAt(s.sessionId()).orElseThrow();
                assertFalse(expiry.isBefore(before.plus(TEN_MINUTES).minusSeconds(2)), "expiry " + expiry);
                assertEquals(Optional.of(s), adapter.get(s.sessionId()));
            } finally {
                if (raw.pttl(key) == -1) {
                    raw.del(key);
                }
            }
        }
    }

    // ---- lost scripts --------------------------------------------------------------------------

    @Test
    void scriptsAreReloadedAfterScriptFlush() {
        ExamSession s = newSession();
        raw.scriptFlush();
        assertTrue(adapter.putIfNewer(s, TEN_MINUTES));
        raw.scriptFlush();
        ExamSession updated = adapter.update(s.sessionId(), x -> x.flag(2, true, Instant.now())).orElseThrow();
        assertEquals(2, updated.version());
        raw.scriptFlush();
        assertTrue(adapter.putIfNewer(updated.withVersion(5)));
        assertEquals(5, adapter.get(s.sessionId()).orElseThrow().version());
        raw.scriptFlush();
        RateLimiter limiter = redis.rateLimiter(1, Duration.ofMinutes(1));
        String who = "flush-" + SessionId.newId().value();
        assertEquals(Optional.empty(), limiter.tryAcquire(who));
        raw.scriptFlush();
        assertTrue(limiter.tryAcquire(who).isPresent());
        // the fallback EVAL cached the script again, so the next call is a plain EVALSHA
        assertEquals(List.of(true), raw.scriptExists(List.of(RedisRateLimiter.SLIDING_WINDOW.sha1())));
    }

    // ---- stats ---------------------------------------------------------------------------------

    @Test
    void statsCountSessionsWithServerDetailsAndCacheTheCount() {
        try (RedisSessionAdapter own = RedisSessionAdapter.create(TestRedis.newClient(), SessionPort.DEFAULT_TTL)) {
            ExamSession s = newSession();
            own.put(s, TEN_MINUTES);
            SessionStoreStats first = own.stats();
            assertEquals("redis", first.backend());
            assertTrue(first.available());
            assertTrue(first.sessionCount() >= 1, "count " + first.sessionCount());
            assertNotNull(first.details().get("redis_version"));
            assertNotNull(first.details().get("used_memory_human"));
            assertNotNull(first.details().get("connected_clients"));

            for (int i = 0; i < 3; i++) {
                own.put(newSession(), TEN_MINUTES);
            }
            SessionStoreStats second = own.stats();
            assertEquals(first.sessionCount(), second.sessionCount(), "count is cached for up to 10 s");
            assertTrue(second.available());
        }
    }

    // ---- outages -------------------------------------------------------------------------------

    @Test
    void closedPortMakesEveryOperationUnavailableQuickly() throws IOException {
        URI nowhere = URI.create("redis://127.0.0.1:" + closedPort());
        RedisAdapters downRedis = RedisAdapters.on(TestRedis.client(nowhere, 4, Duration.ofMillis(300)),
                SessionPort.DEFAULT_TTL, Clock.systemUTC());
        try (RedisSessionAdapter down = downRedis.sessions()) {
            ExamSession s = newSession();
            SessionId id = s.sessionId();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertUnavailable(() -> down.get(id));
                assertUnavailable(() -> down.put(s, TEN_MINUTES));
                assertUnavailable(() -> down.putIfNewer(s));
                assertUnavailable(() -> down.putIfNewer(s, TEN_MINUTES));
                assertUnavailable(() -> down.update(id, x -> x.flag(1, true, Instant.now())));
                assertUnavailable(() -> down.delete(id));
                assertUnavailable(() -> down.extend(id, TEN_MINUTES));
                assertUnavailable(() -> down.expiresAt(id));
                assertUnavailable(() -> downRedis.rateLimiter(3, Duration.ofMinutes(1)).tryAcquire("x"));
                assertFalse(down.ping());
                SessionStoreStats stats = down.stats();
                assertEquals("redis", stats.backend());
                assertFalse(stats.available());
            });
        }
    }

    @Test
    void exhaustedPoolIsBusyAfterItsMaxWait() {
        RedisClient single = TestRedis.newClient(1, Duration.ofMillis(200));
        try (RedisSessionAdapter starved = RedisSessionAdapter.create(single, SessionPort.DEFAULT_TTL);
             Connection held = single.getPool().getResource()) {
            assertNotNull(held);
            long start = System.nanoTime();
            // busy (load), not down: a StoreUnavailable that must not send the instance to its fallback
            SessionStoreBusy busy = assertThrows(SessionStoreBusy.class, () -> starved.get(SessionId.newId()));
            assertInstanceOf(redis.clients.jedis.exceptions.JedisException.class, busy.getCause());
            assertEquals(Optional.of(SessionStoreBusy.RETRY_AFTER), busy.retryAfter());
            assertThrows(SessionStoreBusy.class, () -> starved.put(newSession(), Duration.ofMinutes(1)));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
            assertTrue(starved.ping(), "every connection is in use by a call to Redis: it answers");
        }
    }

    private static void assertUnavailable(Executable call) {
        StoreUnavailable e = assertThrows(StoreUnavailable.class, call);
        assertInstanceOf(redis.clients.jedis.exceptions.JedisException.class, e.getCause());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
