package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.failover.Backoff;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.failover.FailoverSessionPort;
import dev.examsessions.domain.failover.FallbackMode;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.port.SessionStoreState;
import dev.examsessions.domain.fakes.FakeSessionPort;
import dev.examsessions.domain.fakes.StoreEventsRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool with no free connection is load, not an outage: against a real server, a call that cannot borrow in
 * time fails alone and the failover decorator stays on Redis; a stopped server still sends it to the fallback.
 */
class PoolExhaustionFailoverTest {
    /** The background reconnect must not bring the instance back by itself while the test looks. */
    private static final Backoff MANUAL = new Backoff(Duration.ofHours(1), Duration.ofHours(1));

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void anExhaustedPoolFailsTheCallButNotTheInstanceWhileAStoppedRedisStillFallsBack() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            // one connection, a short wait for it; a socket timeout longer than the blocking command below
            RedisSettings settings = RedisSettings.parse("redis://127.0.0.1:" + server.port())
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20))
                    .withPool(1, Duration.ofMillis(200));
            UnifiedJedis client = RedisAdapters.client(settings);
            RedisSessionAdapter redis = RedisSessionAdapter.create(client, SessionPort.DEFAULT_TTL);
            FakeSessionPort memory = new FakeSessionPort("memory", Clock.systemUTC());
            StoreEventsRecorder events = new StoreEventsRecorder();
            try (FailoverSessionPort sessions = new FailoverSessionPort(redis, memory, FallbackMode.MEMORY, "Redis",
                    MANUAL, Clock.systemUTC(), events).start()) {
                ExamSession s = RedisAdaptersTest.newSession(sessions);
                sessions.put(s, Duration.ofMinutes(5));
                assertEquals(SessionStoreState.UP, sessions.state());

                // BLPOP on a private key holds the pool's only connection until the test pushes to it
                String holdKey = "test:hold:" + s.sessionId().value();
                CompletableFuture<List<String>> holder = CompletableFuture.supplyAsync(() -> client.blpop(15, holdKey));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.cli("CLIENT", "LIST").contains("cmd=blpop"));

                SessionStoreBusy busy = assertThrows(SessionStoreBusy.class, () -> sessions.get(s.sessionId()));
                assertEquals(Optional.of(SessionStoreBusy.RETRY_AFTER), busy.retryAfter());
                assertThrows(SessionStoreBusy.class, () -> sessions.getWithExpiry(s.sessionId()));
                assertTrue(redis.ping(), "a busy pool means Redis answers");
                sessions.requireServing();
                assertEquals(SessionStoreState.UP, sessions.state(), "a pool wait is no outage");
                assertFalse(sessions.isOnFallback());
                assertEquals(List.of(), events.states, "no state change reported");
                assertEquals(0, events.errors.get(), "no primary error counted");
                assertEquals(0, memory.writes.get());

                server.cli("LPUSH", holdKey, "release");
                assertEquals(List.of(holdKey, "release"), holder.get(10, TimeUnit.SECONDS));
                assertEquals(Optional.of(s), sessions.get(s.sessionId()), "served by Redis again, never left");

                server.stop();
                assertEquals(Optional.empty(), sessions.get(s.sessionId()), "answered by the (empty) fallback");
                assertEquals(SessionStoreState.FALLBACK, sessions.state(), "a stopped Redis is an outage");
                assertEquals(List.of(SessionStoreState.FALLBACK), events.states);
                assertEquals(1, events.errors.get());
            }
        }
    }
}
