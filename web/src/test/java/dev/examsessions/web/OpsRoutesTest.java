package dev.examsessions.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionStoreState;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's surface: liveness and readiness probes, request ids, the latency histogram and store gauges. */
class OpsRoutesTest {
    private static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings AUTH = new AuthSettings(SECRET, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLOW_USER = 77;

    private final FakePorts.Attempts attempts = new FakePorts.Attempts();
    private final WebMetrics metrics = new WebMetrics();
    private HttpApi api;

    private int start() {
        attempts.slowUser = SLOW_USER;
        ExamType mini = new ExamType("mini", "Mini exam", 4, 30, new PausePolicy(List.of(2), 60_000));
        ExamService exams = new ExamService(FakePorts.sessions(), attempts, FakePorts.bank(10),
                FakePorts.catalog(mini), RateLimiter.unlimited(), metrics, Clock.systemUTC());
        api = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(), null, Duration.ofSeconds(5)), exams, metrics);
        return api.port();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        metrics.close();
    }

    private static String get(String path, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String bearer(long user) {
        return "Authorization: Bearer " + JwtTokens.issue(AUTH, user, List.of(), Instant.now(), Instant.now().plusSeconds(600));
    }

    private static RawHttp.Response call(int port, String request) throws IOException {
        try (RawHttp raw = RawHttp.open(port)) {
            return raw.send(request).read();
        }
    }

    private static JsonNode json(RawHttp.Response r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String header(RawHttp.Response r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    @Test
    void livenessStaysUpWhileReadinessFollowsTheAttemptRecord() throws IOException {
        int port = start();
        assertEquals(200, call(port, get("/health/ready")).status());
        assertEquals("UP", json(call(port, get("/health/ready"))).path("status").asText());

        attempts.down = true;
        RawHttp.Response ready = call(port, get("/health/ready"));
        RawHttp.Response live = call(port, get("/health/live"));
        RawHttp.Response health = call(port, get("/health"));

        assertEquals(503, ready.status(), ready.toString());
        assertEquals("NOT_READY", json(ready).path("status").asText());
        assertEquals("attempt record unreachable", json(ready).path("reason").asText());
        assertEquals(200, live.status(), live.toString());
        assertEquals("UP", json(live).path("status").asText());
        assertEquals(503, health.status(), "/health keeps its meaning: DOWN when the attempt record is down");
        assertTrue(call(port, get("/metrics")).body().contains("exam_attempt_record_up 0.0"), "the gauge follows");
        assertEquals("no-store", header(ready, "Cache-Control"));
    }

    @Test
    void readinessIsFalseWhileDrainingAndLivenessStaysUp() throws Exception {
        int port = start();
        try (RawHttp keptAlive = RawHttp.open(port); RawHttp other = RawHttp.open(port);
             RawHttp slow = RawHttp.open(port)) {
            assertEquals(200, keptAlive.send(get("/health/ready")).read().status());
            assertEquals(200, other.send(get("/health/live")).read().status());
            slow.send(get("/api/exams/active", bearer(SLOW_USER))); // keeps the drain going
            assertTrue(attempts.entered.await(5, TimeUnit.SECONDS), "the slow request never reached its handler");
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(api::stop);
            awaitRefusal(port);

            RawHttp.Response ready = keptAlive.send(get("/health/ready")).read();
            RawHttp.Response live = other.send(get("/health/live")).read();
            assertEquals(503, ready.status(), ready.toString());
            assertEquals("draining", json(ready).path("reason").asText());
            assertEquals(200, live.status(), live.toString());
            attempts.release.countDown();
            assertEquals(200, slow.read().status());
            stopping.get(10, TimeUnit.SECONDS);
        }
        api = null;
    }

    private static void awaitRefusal(int port) {
        await("no new connections accepted after stop() began").atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(5)).until(() -> refuses(port));
    }

    private static boolean refuses(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false; // reset while closing: try again
        }
    }

    @Test
    void aSaneRequestIdIsEchoedAndAnInsaneOneReplaced() throws IOException {
        int port = start();
        RawHttp.Response kept = call(port, get("/health/live", "X-Request-Id: abc-123.XYZ:7"));
        assertEquals("abc-123.XYZ:7", header(kept, "X-Request-Id"));

        RawHttp.Response replaced = call(port, get("/health/live", "X-Request-Id: two words\"{}"));
        String generated = header(replaced, "X-Request-Id");
        assertTrue(generated.matches("[0-9a-f-]{36}"), generated);

        RawHttp.Response a = call(port, get("/health/live"));
        RawHttp.Response b = call(port, get("/health/live"));
        assertNotEquals(header(a, "X-Request-Id"), header(b, "X-Request-Id"), "one id per request");
        assertEquals(36, RequestIds.accept("x".repeat(129)).length(), "over-long ids are replaced");
        assertEquals("x".repeat(128), RequestIds.accept("x".repeat(128)));
    }

    @Test
    void problemBodiesCarryTheRequestId() throws IOException {
        int port = start();
        RawHttp.Response unauthenticated = call(port, get("/api/exams/active", "X-Request-Id: req-42"));
        assertEquals(401, unauthenticated.status());
        assertEquals("req-42", json(unauthenticated).path("requestId").asText(), unauthenticated.body());
        assertEquals("req-42", header(unauthenticated, "X-Request-Id"));

        RawHttp.Response notFound = call(port, get("/api/nothing-here", "X-Request-Id: req-43"));
        assertEquals(404, notFound.status());
        assertEquals("req-43", json(notFound).path("requestId").asText(), notFound.body());
    }

    @Test
    void requestLatencyIsAPrometheusHistogramByRouteAndStatus() throws IOException {
        int port = start();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(port, get("/api/exams/types", bearer(5))).status());
        }
        String text = call(port, get("/metrics")).body();
        assertTrue(text.contains("# TYPE http_server_requests_seconds histogram"), "histogram type");
        Matcher inf = Pattern.compile("http_server_requests_seconds_bucket\\{[^}]*le=\"\\+Inf\"[^}]*uri=\"/api/exams/types\"[^}]*}"
                + " (\\S+)|http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/exams/types\"[^}]*le=\"\\+Inf\"[^}]*} (\\S+)")
                .matcher(text);
        assertTrue(inf.find(), () -> "+Inf bucket of the types route:\n" + text);
        String count = inf.group(1) != null ? inf.group(1) : inf.group(2);
        assertEquals(3.0, Double.parseDouble(count), 0.0);
        assertTrue(text.contains("le=\"0.05\""), "a 50 ms bucket");
        assertTrue(Pattern.compile("http_server_requests_seconds_bucket\\{[^}]*status=\"200\"").matcher(text).find());
    }

    @Test
    void storeStateIsAGaugePerStateWithTransitionsCounted() throws IOException {
        int port = start();
        metrics.sessionStoreStateChanged(SessionStoreState.FALLBACK);
        metrics.sessionStoreStateChanged(SessionStoreState.FALLBACK);
        metrics.sessionStoreError();
        metrics.staleCopiesDropped(3);
        metrics.sweepRan(true, 2);
        metrics.sweepRan(false, 0);
        metrics.examStartRefused();
        String text = call(port, get("/metrics")).body();

        assertTrue(text.contains("exam_session_store_state{state=\"fallback\"} 1.0"), text);
        assertTrue(text.contains("exam_session_store_state{state=\"up\"} 0.0"), text);
        assertTrue(text.contains("exam_session_store_state{state=\"refusing\"} 0.0"), text);
        assertTrue(text.contains("exam_session_store_transitions_total{to=\"fallback\"} 1.0"), "repeats are no transition");
        assertTrue(text.contains("exam_session_store_errors_total 1.0"), text);
        assertTrue(text.contains("exam_session_store_stale_copies_dropped_total 3.0"), text);
        assertTrue(text.contains("exam_sweep_runs_total{outcome=\"ok\"} 1.0"), text);
        assertTrue(text.contains("exam_sweep_runs_total{outcome=\"error\"} 1.0"), text);
        assertTrue(text.contains("exam_sweep_finalized_total 2.0"), text);
        assertTrue(text.contains("exam_starts_rate_limited_total 1.0"), text);
    }
}
