package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.SessionId;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.error.StoreUnavailable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisAdapters} against real standalone servers: no Redis needed to open, bounded waits. */
class RedisAdaptersTest {
    private static final ExamType TYPE = new ExamType("adapters-exam", "Adapters exam", 4, 60,
            PausePolicy.none());

    static ExamSession newSession(SessionPort port) {
        return ExamSession.start(SessionId.newId(), 7L, TYPE, ExamMode.EXAM, LongStream.rangeClosed(1, 4).boxed().toList(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void opensWhileRedisIsDownAndWorksOnceItAnswers() {
        int port = RedisServerProcess.freePort();
        try (RedisSessionAdapter adapter = RedisAdapters.open(RedisSettings.parse("redis://127.0.0.1:" + port),
                SessionPort.DEFAULT_TTL, Clock.systemUTC()).sessions()) {
            assertFalse(adapter.ping());
            assertFalse(adapter.stats().available());
            ExamSession s = newSession(adapter);
            assertThrows(StoreUnavailable.class, () -> adapter.get(s.sessionId()));
            assertThrows(StoreUnavailable.class, () -> adapter.put(s, Duration.ofMinutes(5)));

            try (RedisServerProcess server = RedisServerProcess.startOnPort(port)) {
                await().atMost(Duration.ofSeconds(30)).until(adapter::ping);
                adapter.put(s, Duration.ofMinutes(5));
                assertEquals(Optional.of(s), adapter.get(s.sessionId()));

                server.kill();
                assertFalse(adapter.ping());
                assertThrows(StoreUnavailable.class, () -> adapter.get(s.sessionId()));

                server.restart();
                await().atMost(Duration.ofSeconds(30)).until(adapter::ping);
                assertEquals(Optional.empty(), adapter.get(s.sessionId()), "a restarted test server is empty");
                assertTrue(adapter.putIfNewer(s));
                assertEquals(Optional.of(s), adapter.get(s.sessionId()));
                assertTrue(server.cli("CLIENT", "LIST").contains("name=" + RedisAdapters.CLIENT_NAME),
                        "connections are named " + RedisAdapters.CLIENT_NAME);
            }
        }
    }

    /** A server that accepts connections and never answers: only the read timeout ends a call. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theReadTimeoutAndThePoolWaitBoundEveryCall() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket s = silent.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();

            RedisSettings settings = RedisSettings.parse("redis://127.0.0.1:" + silent.getLocalPort())
                    .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(1500))
                    .withPool(1, Duration.ofMillis(200));
            try (RedisSessionAdapter adapter = RedisAdapters.open(settings, SessionPort.DEFAULT_TTL, Clock.systemUTC())
                    .sessions()) {
                ExamSession s = newSession(adapter);
                // the one pooled connection hangs in its handshake until the read timeout
                CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> timed(() -> adapter.get(s.sessionId())));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    synchronized (accepted) {
                        return !accepted.isEmpty();
                    }
                });
                long waited = timed(() -> adapter.get(s.sessionId()));
                assertTrue(waited < 1200, "a call waited " + waited + " ms for a pooled connection (max wait 200 ms)");
                long hung = first.get(30, TimeUnit.SECONDS);
                assertTrue(hung >= 1000 && hung < 10_000, "a call to a silent server took " + hung + " ms (read timeout 1.5 s)");
                long start = System.nanoTime();
                assertFalse(adapter.ping());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000);
            }
        } finally {
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** Runs a call that must fail with {@link StoreUnavailable}; returns how long it took in ms. */
    private static long timed(Runnable call) {
        long start = System.nanoTime();
        assertThrows(StoreUnavailable.class, call::run);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
