package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.testing.RedisSentinelSetup;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.error.StoreUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.examsessions.adapter.redis.RedisAdaptersTest.newSession;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions through {@code redis-sentinel://} on a loopback master + replica + Sentinel: read and written,
 * found again after a forced failover, and reachable when the Sentinel was down while the adapter opened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);
    private static RedisSentinelSetup setup;
    private static RedisSessionAdapter adapter;

    @BeforeAll
    static void start() {
        setup = RedisSentinelSetup.start();
        adapter = open(setup.url());
    }

    @AfterAll
    static void stop() {
        try {
            if (adapter != null) {
                adapter.close();
            }
        } finally {
            if (setup != null) {
                setup.close();
            }
        }
    }

    private static RedisSessionAdapter open(String url) {
        return RedisAdapters.open(RedisSettings.parse(url), SessionPort.DEFAULT_TTL, Clock.systemUTC()).sessions();
    }

    @Test
    @Order(1)
    void sessionsAreWrittenAndReadThroughSentinel() {
        assertTrue(adapter.ping());
        ExamSession s = newSession(adapter);
        adapter.put(s, TEN_MINUTES);
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
        ExamSession changed = adapter.update(s.sessionId(), x -> x.flag(2, true, Instant.now())).orElseThrow();
        assertEquals(s.version() + 1, changed.version());
        assertTrue(adapter.putIfNewer(changed.withVersion(changed.version() + 1)));
        try (Jedis master = setup.master().jedis()) {
            assertNotNull(master.get("exam:session:" + s.sessionId().value()), "written on the master");
        }
        assertTrue(adapter.stats().available());
        assertTrue(adapter.stats().sessionCount() >= 1);
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void opensWhileNoSentinelAnswersAndConnectsOnceOneDoes() {
        int port = RedisServerProcess.freePort();
        RedisServerProcess sentinel = null;
        try (RedisSessionAdapter early = open("redis-sentinel://127.0.0.1:" + port + "/" + RedisSentinelSetup.MASTER_NAME)) {
            assertFalse(early.ping());
            ExamSession s = newSession(early);
            assertThrows(StoreUnavailable.class, () -> early.get(s.sessionId()));
            assertThrows(StoreUnavailable.class, () -> early.put(s, TEN_MINUTES));
            assertFalse(early.stats().available());

            sentinel = setup.startSentinel(port);
            await().atMost(SWITCH_TIMEOUT).until(early::ping);
            early.put(s, TEN_MINUTES);
            assertEquals(Optional.of(s), early.get(s.sessionId()));
            assertEquals(Optional.of(s), adapter.get(s.sessionId()), "the same master");
        } finally {
            if (sentinel != null) {
                sentinel.stop();
            }
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void afterAFailoverSessionsAreReadAndWrittenAgain() {
        List<ExamSession> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ExamSession s = newSession(adapter);
            adapter.put(s, TEN_MINUTES);
            before.add(s);
        }
        Instant expiry = adapter.expiresAt(before.get(0).sessionId()).orElseThrow();
        setup.awaitReplicaInSync(); // replication had every session before the switch
        RedisServerProcess oldMaster = setup.master();

        RedisServerProcess newMaster = setup.failover();
        assertNotEquals(oldMaster.port(), newMaster.port());

        // the client learns the switch from the Sentinel (+switch-master); until then calls may fail, or even
        // succeed on the old master before it is demoted (such a write is lost when it resyncs: Redis
        // replication is asynchronous, which is why the attempt record is the source of truth)
        await().atMost(SWITCH_TIMEOUT).ignoreException(StoreUnavailable.class).until(() -> {
            ExamSession probe = newSession(adapter);
            adapter.put(probe, TEN_MINUTES);
            try (Jedis master = newMaster.jedis()) {
                return master.get("exam:session:" + probe.sessionId().value()) != null;
            }
        });
        ExamSession after = newSession(adapter);
        adapter.put(after, TEN_MINUTES);
        assertEquals(Optional.of(after), adapter.get(after.sessionId()));
        try (Jedis master = newMaster.jedis()) {
            assertNotNull(master.get("exam:session:" + after.sessionId().value()), "written on the new master");
        }
        for (ExamSession s : before) {
            assertEquals(Optional.of(s), adapter.get(s.sessionId()), "replicated before the failover");
        }
        assertEquals(expiry, adapter.expiresAt(before.get(0).sessionId()).orElseThrow(), "TTL replicated");
        ExamSession updated = adapter.update(before.get(1).sessionId(), x -> x.flag(3, true, Instant.now())).orElseThrow();
        assertEquals(Optional.of(updated), adapter.get(updated.sessionId()));
        assertTrue(adapter.delete(before.get(2).sessionId()));
        assertTrue(adapter.ping());
    }
}
