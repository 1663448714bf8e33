package dev.examsessions.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.RateLimiter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful stop (SIGTERM → {@link HttpApi#stop()}): new connections are refused, requests in flight finish, and a
 * request that still arrives on an open keep-alive connection is served normally with {@code Connection: close} —
 * never refused with a 503.
 */
class GracefulShutdownTest {
    private static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings AUTH = new AuthSettings(SECRET, null, null);
    private static final long SLOW_USER = 77;
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final FakePorts.Attempts attempts = new FakePorts.Attempts();
    private WebMetrics metrics;
    private HttpApi api;

    private HttpApi start() {
        OpenApiContract.get(); // loaded before the clock matters: RawHttp checks every response against it
        attempts.slowUser = SLOW_USER;
        ExamType mini = new ExamType("mini", "Mini exam", 4, 30, new PausePolicy(List.of(2), 60_000));
        metrics = new WebMetrics();
        ExamService exams = new ExamService(FakePorts.sessions(), attempts, FakePorts.bank(10),
                FakePorts.catalog(mini), RateLimiter.unlimited(), metrics, Clock.systemUTC());
        api = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(), null, DRAIN), exams, metrics);
        return api;
    }

    @AfterEach
    void cleanUp() {
        if (api != null) {
            api.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static String get(String path, long user) {
        String token = JwtTokens.issue(AUTH, user, List.of(), Instant.now(), Instant.now().plusSeconds(600));
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitRefusal(int port) {
        await("the server refusing new connections after stop() began").atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(5)).until(() -> refusesConnections(port));
    }

    private void awaitSlowRequestInHandler() throws InterruptedException {
        assertTrue(attempts.entered.await(5, TimeUnit.SECONDS), "the slow request never reached its handler");
    }

    /** The next response on the connection, or null when the server closed it instead of answering. */
    private static RawHttp.Response readOrClosed(RawHttp raw) {
        try {
            return raw.read();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void drainServesKeptAliveConnectionsWithConnectionCloseAndFinishesInFlightRequests() throws Exception {
        HttpApi server = start();
        int port = server.port();
        try (RawHttp keptAlive = RawHttp.open(port); RawHttp slow = RawHttp.open(port)) {
            RawHttp.Response before = keptAlive.send(get("/api/exams/types", 1)).read();
            assertEquals(200, before.status(), before.toString());
            assertFalse(before.closes(), "keep-alive before the stop: " + before);

            CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.send(get("/api/exams/active", SLOW_USER)).read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitSlowRequestInHandler();

            long started = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            awaitRefusal(port);
            assertFalse(stopping.isDone(), "stop() returned while a request was in flight");

            // A new request on the open connection during the drain: served, and the connection is closed after it.
            RawHttp.Response during = keptAlive.send(get("/api/exams/types", 2)).read();
            assertNotNull(during, "no response during the drain");
            assertEquals(200, during.status(), during.toString());
            assertTrue(during.closes(), "Connection: close expected during the drain: " + during);
            assertTrue(during.body().startsWith("["), during.toString());
            assertNull(readOrClosed(keptAlive), "the server must close the connection after Connection: close");

            attempts.release.countDown();
            RawHttp.Response slowResponse = inFlight.get(5, TimeUnit.SECONDS);
            assertEquals(200, slowResponse.status(), slowResponse.toString());
            assertTrue(slowResponse.closes(), slowResponse.toString());

            stopping.get(DRAIN.toSeconds() + 3, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - started < DRAIN.toNanos(), "stop() waited for the whole drain time");
            assertTrue(refusesConnections(port), "new connections after stop()");
        }
        api = null;
    }

    @Test
    void requestsOnKeptAliveConnectionsAreNeverRefusedWith503() throws Exception {
        HttpApi server = start();
        int port = server.port();
        try (RawHttp a = RawHttp.open(port); RawHttp b = RawHttp.open(port); RawHttp slow = RawHttp.open(port)) {
            assertEquals(200, a.send(get("/api/exams/types", 3)).read().status());
            assertEquals(200, b.send(get("/health", 3)).read().status());
            slow.send(get("/api/exams/active", SLOW_USER));
            awaitSlowRequestInHandler();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            awaitRefusal(port);
            // Both idle connections send once more; each answer is a normal one (or the connection was closed).
            for (RawHttp raw : List.of(a, b)) {
                RawHttp.Response r;
                try {
                    raw.send(get("/api/exams/types", 4));
                    r = readOrClosed(raw);
                } catch (IOException closed) {
                    r = null;
                }
                if (r != null) {
                    assertEquals(200, r.status(), r.toString());
                    assertTrue(r.closes(), r.toString());
                }
            }
            attempts.release.countDown();
            assertEquals(200, slow.read().status());
            stopping.get(DRAIN.toSeconds() + 3, TimeUnit.SECONDS);
        }
        api = null;
    }

    @Test
    void stopWithOnlyIdleKeepAliveConnectionsDoesNotWaitForTheWholeDrain() throws Exception {
        HttpApi server = start();
        int port = server.port();
        try (RawHttp idle = RawHttp.open(port)) {
            assertEquals(200, idle.send(get("/api/exams/types", 5)).read().status());
            long started = System.nanoTime();
            server.stop();
            api = null;
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMs < DRAIN.toMillis() - 1_000, "stop() took " + tookMs + " ms with one idle connection");
            assertNull(readOrClosed(idle), "the idle connection is closed by the stop");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }
}
