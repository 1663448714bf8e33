package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.fakes.FakeSessionPort;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP edge against fake ports: auth, CSRF, CORS, body limit, problem JSON, shapes, health, metrics. */
class HttpApiTest {
    private static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings AUTH = new AuthSettings(SECRET, null, null);
    private static final String ALLOWED_ORIGIN = "https://app.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RATE_LIMITED_USER = 99;
    private static final long FAILING_USER = 13;
    private static final long UNAVAILABLE_USER = 14;
    private static final AtomicLong USERS = new AtomicLong(1000);

    private static final FakeSessionPort sessions = FakePorts.sessions();
    private static final FakePorts.Attempts attempts = new FakePorts.Attempts();
    private static WebMetrics metrics;
    private static HttpApi api;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() {
        ExamType mini = new ExamType("mini", "Mini exam", 4, 30, new PausePolicy(List.of(2), 60_000));
        RateLimiter limiter = key -> key.equals("exam-start:" + RATE_LIMITED_USER)
                ? Optional.of(Duration.ofSeconds(30)) : Optional.empty();
        metrics = new WebMetrics();
        ExamService exams = new ExamService(sessions, attempts, FakePorts.bank(10), FakePorts.catalog(mini),
                limiter, metrics, Clock.systemUTC());
        api = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(ALLOWED_ORIGIN), null, Duration.ofSeconds(2)),
                exams, metrics);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.stop();
        metrics.close();
    }

    // ---- helpers -------------------------------------------------------------------------------

    record Res(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String code() {
            return json().path("code").asText();
        }

        Res expect(int expected) {
            assertEquals(expected, status, () -> "status of " + raw.request().method() + " " + raw.request().uri()
                    + ": " + raw.body());
            return this;
        }

        Res expectProblem(int expected, String code) {
            expect(expected);
            assertTrue(header("Content-Type").startsWith("application/problem+json"), header("Content-Type"));
            JsonNode p = json();
            assertEquals("about:blank", p.path("type").asText());
            assertEquals(expected, p.path("status").asInt());
            assertEquals(code, p.path("code").asText(), raw.body());
            assertFalse(p.path("title").asText().isBlank());
            assertFalse(p.path("detail").asText().isBlank());
            return this;
        }
    }

    static String token(long user, String... roles) {
        return JwtTokens.issue(AUTH, user, List.of(roles), Instant.now(), Instant.now().plusSeconds(600));
    }

    static long newUser() {
        return USERS.incrementAndGet();
    }

    static Res send(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(method, path, publisher, headers);
    }

    static Res send(String method, String path, HttpRequest.BodyPublisher publisher, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, publisher);
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // Every response a test receives must be one the OpenAPI document declares.
            OpenApiContract.get().check(r, r.body().getBytes(StandardCharsets.UTF_8));
            return new Res(r.statusCode(), r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    /** A request as user {@code user} with a bearer token and a JSON content type when there is a body. */
    static Res as(long user, String method, String path, String body, String... headers) {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + token(user)));
        if (body != null) {
            h.add("Content-Type");
            h.add("application/json");
        }
        h.addAll(Arrays.asList(headers));
        return send(method, path, body, h.toArray(String[]::new));
    }

    static String newExam(long user) {
        return as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\"}").expect(201)
                .json().path("sessionId").asText();
    }

    static long questionAt(long user, String sid, int position) {
        return as(user, "GET", "/api/exams/" + sid + "/questions/" + position, null).expect(200).json()
                .path("questionId").asLong();
    }

    // ---- health, metrics, openapi ---------------------------------------------------------------

    @Test
    void healthReportsBothStores() {
        JsonNode up = send("GET", "/health", (String) null).expect(200).json();
        assertEquals("UP", up.path("status").asText());
        assertEquals("memory", up.path("sessionStore").path("backend").asText());
        assertTrue(up.path("sessionStore").path("available").asBoolean());
        assertTrue(up.path("attempts").path("available").asBoolean());

        sessions.down = true;
        try {
            JsonNode degraded = send("GET", "/health", (String) null).expect(200).json();
            assertEquals("DEGRADED", degraded.path("status").asText());
            assertFalse(degraded.path("sessionStore").path("available").asBoolean());
        } finally {
            sessions.down = false;
        }
        attempts.down = true;
        try {
            JsonNode down = send("GET", "/health", (String) null).expect(503).json();
            assertEquals("DOWN", down.path("status").asText());
        } finally {
            attempts.down = false;
        }
    }

    @Test
    void metricsAreTaggedByRouteTemplateNeverByRawPath() {
        long user = newUser();
        String sid = newExam(user);
        as(user, "GET", "/api/exams/" + sid, null).expect(200);
        send("GET", "/no/such/route/" + sid, (String) null).expect(404);
        Res scrape = send("GET", "/metrics", (String) null).expect(200);
        assertTrue(scrape.header("Content-Type").startsWith("text/plain"), scrape.header("Content-Type"));
        String text = scrape.raw().body();
        assertTrue(text.contains("http_server_requests_seconds_count{"), "request timer");
        assertTrue(text.contains("uri=\"/api/exams/{sessionId}\""), "route template tag");
        assertTrue(text.contains("uri=\"NOT_FOUND\""), "unmatched requests");
        assertFalse(text.contains(sid), "raw session id leaked into metrics");
        assertTrue(text.contains("exam_sessions_active"), "active sessions gauge");
        assertTrue(text.contains("exam_sessions_started_total"), "started counter");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(text.contains("jetty_threads_current"), "Jetty thread pool metrics");
        assertTrue(text.contains("jetty_connections_"), "Jetty connection metrics");
    }

    @Test
    void openApiDocumentIsServed() {
        Res r = send("GET", "/openapi.json", (String) null).expect(200);
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        assertTrue(r.json().path("openapi").asText().startsWith("3.1"));
        assertTrue(r.json().path("paths").has("/api/exams/{sessionId}/answers/{questionId}"));
    }

    // ---- authentication --------------------------------------------------------------------------

    @Test
    void missingOrInvalidTokensAre401() {
        send("GET", "/api/exams/types", (String) null).expectProblem(401, "UNAUTHENTICATED");
        Res r = send("GET", "/api/exams/types", (String) null, "Authorization", "Bearer not-a-jwt")
                .expectProblem(401, "UNAUTHENTICATED");
        assertNotNull(r.header("WWW-Authenticate"));
        send("GET", "/api/exams/types", (String) null, "Authorization", "Basic dXNlcjpwYXNz")
                .expectProblem(401, "UNAUTHENTICATED");
        String expired = JwtTokens.issue(AUTH, 5, List.of(), Instant.now().minusSeconds(10), Instant.now().minusSeconds(5));
        send("GET", "/api/exams/types", (String) null, "Authorization", "Bearer " + expired)
                .expectProblem(401, "UNAUTHENTICATED");
        String forged = JwtTokens.issue(new AuthSettings("x".repeat(32).getBytes(StandardCharsets.UTF_8), null, null),
                5, List.of("admin"), Instant.now(), Instant.now().plusSeconds(60));
        send("GET", "/api/exams/types", (String) null, "Authorization", "Bearer " + forged)
                .expectProblem(401, "UNAUTHENTICATED");
        send("GET", "/api/exams/types", (String) null, "Cookie", "sessionToken=" + forged)
                .expectProblem(401, "UNAUTHENTICATED");
    }

    @Test
    void bearerHeaderWinsOverCookie() {
        String good = token(newUser());
        send("GET", "/api/exams/types", (String) null, "Cookie", "sessionToken=" + good).expect(200);
        send("GET", "/api/exams/types", (String) null, "Authorization", "Bearer " + good,
                "Cookie", "sessionToken=garbage").expect(200);
        send("GET", "/api/exams/types", (String) null, "Authorization", "Bearer garbage",
                "Cookie", "sessionToken=" + good).expectProblem(401, "UNAUTHENTICATED");
    }

    @Test
    void typesAreListed() {
        JsonNode types = as(newUser(), "GET", "/api/exams/types", null).expect(200).json();
        assertEquals(1, types.size());
        JsonNode t = types.get(0);
        assertEquals("mini", t.path("examType").asText());
        assertEquals(4, t.path("questionCount").asInt());
        assertEquals(30, t.path("durationMinutes").asInt());
        assertEquals(2, t.path("pausePolicy").path("checkpoints").get(0).asInt());
        assertEquals(60_000, t.path("pausePolicy").path("durationMs").asLong());
    }

    // ---- CSRF and CORS ----------------------------------------------------------------------------

    @Test
    void cookieAuthenticatedChangesNeedJsonOrAnAllowedOrigin() {
        long user = newUser();
        String cookie = "sessionToken=" + token(user);
        String select = "{\"examType\":\"mini\",\"mode\":\"practice\",\"questionCount\":2}";
        send("POST", "/api/exams/select", select, "Cookie", cookie, "Content-Type", "text/plain")
                .expectProblem(403, "CSRF_REJECTED");
        send("POST", "/api/exams/select", select, "Cookie", cookie, "Content-Type", "text/plain",
                "Origin", "https://evil.example").expectProblem(403, "CSRF_REJECTED");
        send("POST", "/api/exams/select", select, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded")
                .expectProblem(403, "CSRF_REJECTED");
        String sid = send("POST", "/api/exams/select", select, "Cookie", cookie,
                "Content-Type", "application/json; charset=utf-8").expect(201).json().path("sessionId").asText();
        send("POST", "/api/exams/select", select, "Cookie", cookie, "Content-Type", "text/plain",
                "Origin", ALLOWED_ORIGIN).expect(200);
        send("POST", "/api/exams/select", select, "Cookie", cookie, "Content-Type", "text/plain",
                "Origin", base).expect(200);
        // Bodiless changes too.
        send("POST", "/api/exams/" + sid + "/submit", (String) null, "Cookie", cookie).expectProblem(403, "CSRF_REJECTED");
        send("DELETE", "/api/exams/" + sid, (String) null, "Cookie", cookie).expectProblem(403, "CSRF_REJECTED");
        // A generated client sends no Content-Type without a body: X-Requested-With is proof enough.
        send("POST", "/api/exams/" + sid + "/pause/end", (String) null, "Cookie", cookie, "X-Requested-With", "fetch")
                .expect(200);
        send("POST", "/api/exams/" + sid + "/submit", (String) null, "Cookie", cookie, "X-Requested-With", " ")
                .expectProblem(403, "CSRF_REJECTED");
        send("POST", "/api/exams/" + sid + "/submit", (String) null, "Cookie", cookie,
                "Content-Type", "application/json").expect(200);
        // Reads by cookie and changes by bearer are not subject to the rule.
        send("GET", "/api/exams/" + sid, (String) null, "Cookie", cookie).expect(200);
        send("DELETE", "/api/exams/" + newExam(user), (String) null, "Authorization", "Bearer " + token(user)).expect(204);
    }

    @Test
    void corsHeadersOnlyForListedOrigins() {
        String t = "Bearer " + token(newUser());
        Res allowed = send("GET", "/api/exams/types", (String) null, "Authorization", t, "Origin", ALLOWED_ORIGIN).expect(200);
        assertEquals(ALLOWED_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
        assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));
        String exposed = allowed.header("Access-Control-Expose-Headers").toLowerCase();
        for (String h : List.of("location", "retry-after", "etag", "x-request-id")) {
            assertTrue(exposed.contains(h), h + " in " + exposed);
        }

        // Errors carry the CORS headers too, so the frontend can read the problem.
        Res unauthenticated = send("GET", "/api/exams/types", (String) null, "Origin", ALLOWED_ORIGIN + "/");
        unauthenticated.expectProblem(401, "UNAUTHENTICATED");
        assertEquals(ALLOWED_ORIGIN + "/", unauthenticated.header("Access-Control-Allow-Origin"));

        Res other = send("GET", "/api/exams/types", (String) null, "Authorization", t, "Origin", "https://evil.example").expect(200);
        assertEquals(null, other.header("Access-Control-Allow-Origin"));
        assertEquals(null, other.header("Access-Control-Allow-Credentials"));

        Res preflight = send("OPTIONS", "/api/exams/s-abcdefghijklmnopqrstuvwx/answers/1", (String) null,
                "Origin", ALLOWED_ORIGIN, "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "content-type, if-match");
        assertTrue(preflight.status() == 204 || preflight.status() == 200, "preflight status " + preflight.status());
        assertEquals(ALLOWED_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("PUT"));
        String allowedHeaders = preflight.header("Access-Control-Allow-Headers").toLowerCase();
        for (String h : List.of("authorization", "content-type", "if-match", "x-requested-with", "x-request-id", "traceparent",
                "tracestate", "baggage", "sentry-trace")) {
            assertTrue(allowedHeaders.contains(h), h + " in " + allowedHeaders);
        }
        assertEquals("7200", preflight.header("Access-Control-Max-Age"));
        assertNull(preflight.header("Content-Type"), "a preflight has no body to describe");

        Res refused = send("OPTIONS", "/api/exams/types", (String) null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(null, refused.header("Access-Control-Allow-Origin"));
        assertTrue(refused.status() >= 400 && refused.status() < 500);
    }

    // ---- body limit and malformed input -------------------------------------------------------------

    @Test
    void bodiesOver64KiBAre413() {
        long user = newUser();
        String big = "{\"examType\":\"" + "x".repeat(70 * 1024) + "\"}";
        // The headers alone: a declared length over the limit is refused before any body is read. (A client still
        // writing such a body when the 413 comes may see the connection reset instead: the server closes it.)
        RawHttp.Answer declared = RawHttp.exchange(api.port(), "POST /api/exams/select HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token(user) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + big.length() + "\r\n\r\n");
        assertEquals(413, declared.status(), declared.text());
        assertTrue(declared.text().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), declared.text());
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        // Chunked: no Content-Length, the size is only known while reading.
        Res chunked = send("POST", "/api/exams/select",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "Authorization", "Bearer " + token(user), "Content-Type", "application/json");
        chunked.expectProblem(413, "PAYLOAD_TOO_LARGE");
        // Just under the limit is fine (and then refused for its value, not its size).
        String under = "{\"examType\":\"" + "x".repeat(60 * 1024) + "\"}";
        as(user, "POST", "/api/exams/select", under).expectProblem(422, "UNKNOWN_EXAM_TYPE");
    }

    @Test
    void javalinErrorsBecomeProblems() {
        send("GET", "/api/nope", (String) null).expectProblem(404, "NOT_FOUND");
        send("GET", "/nope.html", (String) null).expectProblem(404, "NOT_FOUND"); // "/" is the exam page
        Res r = send("PATCH", "/api/exams/types", "{}", "Authorization", "Bearer " + token(newUser()));
        r.expectProblem(405, "METHOD_NOT_ALLOWED");
        assertTrue(r.header("Allow").contains("GET"));
        send("POST", "/health", (String) null).expectProblem(405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void malformedInputIs400WithAMessageSayingWhatToFix() {
        long user = newUser();
        String sid = newExam(user);
        long q1 = questionAt(user, sid, 1);
        String answers = "/api/exams/" + sid + "/answers/" + q1;

        assertTrue(as(user, "POST", "/api/exams/select", "{\"examType\":").expectProblem(400, "BAD_REQUEST")
                .json().path("detail").asText().contains("JSON"));
        as(user, "POST", "/api/exams/select", "").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "[1,2]").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "{\"mode\":\"exam\"}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "{\"examType\":5}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"questionCount\":\"2\"}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\"} trailing").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"examType\":\"x\"}").expectProblem(400, "BAD_REQUEST");

        JsonNode p = as(user, "PUT", answers, "{\"choice\":5}").expectProblem(400, "BAD_REQUEST").json();
        assertTrue(p.path("detail").asText().contains("choice"), p.toString());
        as(user, "PUT", answers, "{}").expectProblem(400, "BAD_REQUEST");
        as(user, "PUT", answers, "{\"choice\":[\"B\"]}").expectProblem(400, "BAD_REQUEST");
        as(user, "PUT", "/api/exams/" + sid + "/flags/" + q1, "{\"flagged\":\"yes\"}").expectProblem(400, "BAD_REQUEST");
        as(user, "PUT", "/api/exams/" + sid + "/flags/" + q1, "{\"flagged\":1}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/" + sid + "/pause/start", "{\"checkpoint\":\"x\"}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/" + sid + "/pause/start", "{\"checkpoint\":60.5}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/" + sid + "/pause/start", "{}").expectProblem(400, "BAD_REQUEST");
        as(user, "POST", "/api/exams/" + sid + "/extend", "{\"minutes\":\"x\"}").expectProblem(400, "BAD_REQUEST");

        as(user, "GET", "/api/exams/" + sid + "/questions/abc", null).expectProblem(400, "BAD_REQUEST");
        as(user, "GET", "/api/exams/" + sid + "/questions?from=x", null).expectProblem(400, "BAD_REQUEST");
        as(user, "PUT", "/api/exams/" + sid + "/answers/abc", "{\"choice\":\"B\"}").expectProblem(400, "BAD_REQUEST");
        as(user, "GET", "/api/exams/history?limit=abc", null).expectProblem(400, "BAD_REQUEST");
        as(user, "GET", "/api/exams/history?limit=1.5", null).expectProblem(400, "BAD_REQUEST");
        as(user, "GET", "/api/exams/history?before=yesterday", null).expectProblem(400, "BAD_REQUEST");
        as(user, "PUT", answers, "{\"choice\":\"B\"}", "If-Match", "version-seven").expectProblem(400, "BAD_REQUEST");

        // Out of range is not malformed: syntax → 400, meaning → 422, absent thing → 404.
        as(user, "GET", "/api/exams/history?limit=101", null).expectProblem(422, "INVALID_RANGE");
        as(user, "GET", "/api/exams/history?limit=0", null).expectProblem(422, "INVALID_RANGE");
        as(user, "GET", "/api/exams/" + sid + "/questions?from=3&to=2", null).expectProblem(422, "INVALID_RANGE");
        as(user, "GET", "/api/exams/" + sid + "/questions?from=0&to=2", null).expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "GET", "/api/exams/" + sid + "/questions/-1", null).expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "PUT", "/api/exams/" + sid + "/answers/-1", "{\"choice\":\"B\"}").expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "PUT", "/api/exams/" + sid + "/answers/0", "{\"choice\":\"B\"}").expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "POST", "/api/exams/" + sid + "/pause/start", "{\"checkpoint\":99999999999}")
                .expectProblem(422, "INVALID_CHECKPOINT");
        as(user, "POST", "/api/exams/" + sid + "/extend", "{\"minutes\":9223372036854775808}")
                .expectProblem(422, "INVALID_EXTENSION");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"practice\",\"questionCount\":-99999999999}")
                .expectProblem(422, "INVALID_QUESTION_COUNT");
        as(user, "GET", "/api/exams/" + sid + "/questions/0", null).expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "GET", "/api/exams/" + sid + "/questions/99999999999999", null).expectProblem(404, "QUESTION_NOT_FOUND");
        as(user, "PUT", "/api/exams/" + sid + "/answers/99999", "{\"choice\":\"B\"}").expectProblem(404, "QUESTION_NOT_FOUND");
    }

    @Test
    void foreignAndMalformedSessionIdsLookUnknown() {
        long owner = newUser();
        long other = newUser();
        String sid = newExam(owner);
        // the same request id for both: the bodies must not differ in anything else
        Res unknown = as(other, "GET", "/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA", null, "X-Request-Id", "same")
                .expectProblem(404, "SESSION_NOT_FOUND");
        Res foreign = as(other, "GET", "/api/exams/" + sid, null, "X-Request-Id", "same")
                .expectProblem(404, "SESSION_NOT_FOUND");
        assertEquals(unknown.raw().body(), foreign.raw().body());
        assertFalse(foreign.raw().body().contains(sid));
        as(other, "GET", "/api/exams/not-a-session-id", null).expectProblem(404, "SESSION_NOT_FOUND");
        as(other, "GET", "/api/exams/" + sid + "/questions/1", null).expectProblem(404, "SESSION_NOT_FOUND");
        as(other, "PUT", "/api/exams/" + sid + "/answers/1", "{\"choice\":\"B\"}").expectProblem(404, "SESSION_NOT_FOUND");
        as(other, "DELETE", "/api/exams/" + sid, null).expectProblem(404, "SESSION_NOT_FOUND");
        // The owner's exam is untouched.
        assertEquals(1, as(owner, "GET", "/api/exams/" + sid, null).expect(200).json().path("version").asLong());
    }

    // ---- exam flow shapes ------------------------------------------------------------------------

    @Test
    void selectCreates201ThenResumes200() {
        long user = newUser();
        Res created = as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\"}").expect(201);
        String sid = created.json().path("sessionId").asText();
        assertEquals("/api/exams/" + sid, created.header("Location"));
        assertFalse(created.json().path("resumed").asBoolean());
        Res resumed = as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\"}").expect(200);
        assertEquals(sid, resumed.json().path("sessionId").asText());
        assertTrue(resumed.json().path("resumed").asBoolean());
        as(user, "POST", "/api/exams/select", "{\"examType\":\"nope\"}").expectProblem(422, "UNKNOWN_EXAM_TYPE");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"quiz\"}").expectProblem(422, "INVALID_MODE");
        as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\",\"questionCount\":2}")
                .expectProblem(422, "INVALID_QUESTION_COUNT");

        JsonNode active = as(user, "GET", "/api/exams/active", null).expect(200).json();
        assertEquals(1, active.size());
        assertEquals(sid, active.get(0).path("sessionId").asText());
        for (String f : List.of("attemptId", "examType", "mode", "startedAt", "deadline", "answeredCount")) {
            assertTrue(active.get(0).has(f), f);
        }
        assertTrue(active.get(0).path("remainingMs").asLong() > 0, active.toString());
        assertTrue(active.get(0).path("serverTime").asLong() >= active.get(0).path("startedAt").asLong());
    }

    @Test
    void examStateHasTheContractShape() {
        long user = newUser();
        String sid = newExam(user);
        Res r = as(user, "GET", "/api/exams/" + sid, null).expect(200);
        JsonNode s = r.json();
        for (String f : List.of("sessionId", "attemptId", "userId", "examType", "mode", "status", "questionIds",
                "questionCount", "answers", "answeredCount", "flagged", "pausePolicy", "pauses", "nextCheckpoint",
                "canPause", "lockedThrough", "startedAt", "deadline", "remainingMs", "expiresAt", "version",
                "recovered", "resumed", "result", "serverTime")) {
            assertTrue(s.has(f), "ExamState." + f + " in " + s);
        }
        assertEquals(user, s.path("userId").asLong());
        assertEquals("exam", s.path("mode").asText());
        assertEquals("IN_PROGRESS", s.path("status").asText());
        assertEquals(4, s.path("questionIds").size());
        assertEquals(4, s.path("questionCount").asInt());
        assertTrue(s.path("answers").isObject());
        assertTrue(s.path("pauses").path("consumed").isArray());
        assertEquals(0, s.path("pauses").path("consumed").size());
        assertFalse(s.path("pauses").path("paused").asBoolean());
        assertTrue(s.path("pauses").has("pauseUntil"));
        assertEquals(2, s.path("nextCheckpoint").asInt());
        assertFalse(s.path("canPause").asBoolean());
        assertEquals(0, s.path("lockedThrough").asInt());
        assertTrue(s.path("expiresAt").isNumber());
        assertTrue(s.path("result").isNull());
        assertTrue(s.path("remainingMs").asLong() > 0);
        assertEquals("\"1\"", r.header("ETag"));
    }

    @Test
    void fullExamFlowThroughTheApi() {
        long user = newUser();
        String sid = newExam(user);
        String exam = "/api/exams/" + sid;

        // Questions never show the answer key while the exam runs.
        JsonNode q1 = as(user, "GET", exam + "/questions/1", null).expect(200).json();
        assertEquals(1, q1.path("position").asInt());
        assertEquals(4, q1.path("options").size());
        assertFalse(q1.has("correctChoice"));
        assertFalse(q1.has("explanation"));
        assertFalse(q1.toString().contains("Because B."));
        JsonNode batch = as(user, "GET", exam + "/questions?from=1&to=4", null).expect(200).json();
        assertEquals(4, batch.size());
        assertFalse(batch.toString().contains("correctChoice"));
        long id1 = q1.path("questionId").asLong();
        long id2 = batch.get(1).path("questionId").asLong();
        long id3 = batch.get(2).path("questionId").asLong();

        JsonNode a = as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":\"A\"}").expect(200).json();
        assertEquals("A", a.path("choice").asText());
        assertEquals(1, a.path("answeredCount").asInt());
        assertEquals(2, a.path("version").asLong());
        assertTrue(a.path("remainingMs").asLong() > 0);
        assertTrue(a.has("serverTime"));
        assertFalse(a.has("correctChoice"));
        // Clearing with null, and If-Match in both forms.
        as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":null}", "If-Match", "\"1\"").expectProblem(412, "VERSION_MISMATCH");
        JsonNode cleared = as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":null}", "If-Match", "\"2\"").expect(200).json();
        assertTrue(cleared.path("choice").isNull());
        assertEquals(0, cleared.path("answeredCount").asInt());
        as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":\"B\"}", "If-Match", "3").expect(200);
        as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":\"Z\"}").expectProblem(422, "INVALID_CHOICE");

        JsonNode flag = as(user, "PUT", exam + "/flags/" + id3, "{\"flagged\":true}").expect(200).json();
        assertEquals(id3, flag.path("questionId").asLong());
        assertTrue(flag.path("flagged").asBoolean());
        assertTrue(flag.has("version"));

        // Breaks.
        as(user, "POST", exam + "/pause/start", "{\"checkpoint\":2}").expectProblem(409, "CHECKPOINT_NOT_REACHED");
        as(user, "POST", exam + "/pause/start", "{\"checkpoint\":3}").expectProblem(422, "INVALID_CHECKPOINT");
        as(user, "PUT", exam + "/answers/" + id2, "{\"choice\":\"B\"}").expect(200);
        JsonNode paused = as(user, "POST", exam + "/pause/start", "{\"checkpoint\":2}").expect(200).json();
        assertTrue(paused.path("paused").asBoolean());
        assertTrue(paused.path("remainingPauseMs").asLong() > 0);
        assertEquals(2, paused.path("consumed").get(0).asInt());
        for (String f : List.of("pauseUntil", "nextCheckpoint", "canPause", "serverTime")) {
            assertTrue(paused.has(f), f);
        }
        JsonNode refused = as(user, "PUT", exam + "/answers/" + id3, "{\"choice\":\"B\"}").expectProblem(409, "EXAM_PAUSED").json();
        assertEquals(paused.path("pauseUntil").asLong(), refused.path("pauseUntil").asLong());
        as(user, "GET", exam + "/questions/3", null).expectProblem(409, "EXAM_PAUSED");
        assertTrue(as(user, "GET", exam + "/pause/status", null).expect(200).json().path("paused").asBoolean());
        JsonNode state = as(user, "GET", exam, null).expect(200).json();
        assertEquals(2, state.path("pauses").path("consumed").get(0).asInt());
        assertEquals(2, state.path("lockedThrough").asInt());
        assertFalse(as(user, "POST", exam + "/pause/end", null).expect(200).json().path("paused").asBoolean());
        as(user, "PUT", exam + "/answers/" + id1, "{\"choice\":\"C\"}").expectProblem(409, "SECTION_LOCKED");

        // Extend (default body) and review before the end.
        JsonNode extended = as(user, "POST", exam + "/extend", null).expect(200).json();
        assertEquals(sid, extended.path("sessionId").asText());
        assertTrue(extended.path("expiresAt").asLong() > System.currentTimeMillis() + 170 * 60_000L);
        as(user, "POST", exam + "/extend", "{\"minutes\":0}").expectProblem(422, "INVALID_EXTENSION");
        as(user, "POST", exam + "/extend", "{\"minutes\":30}").expect(200);
        as(user, "GET", exam + "/review", null).expectProblem(409, "NOT_FINISHED");

        // Submit, then the finished exam.
        JsonNode result = as(user, "POST", exam + "/submit", null).expect(200).json();
        assertEquals("SUBMITTED", result.path("status").asText());
        assertEquals(2, result.path("correct").asInt());
        assertEquals(4, result.path("total").asInt());
        assertEquals(50.0, result.path("scorePercent").asDouble());
        for (String f : List.of("sessionId", "attemptId", "examType", "mode", "startedAt", "finishedAt", "byDomain")) {
            assertTrue(result.has(f), f);
        }
        as(user, "POST", exam + "/submit", null).expect(200);
        JsonNode done = as(user, "GET", exam, null).expect(200).json();
        assertEquals("SUBMITTED", done.path("status").asText());
        assertTrue(done.path("expiresAt").isNull());
        assertEquals(2, done.path("result").path("correct").asInt());
        JsonNode finished = as(user, "POST", exam + "/extend", null).expectProblem(409, "EXAM_FINISHED").json();
        assertEquals(409, finished.path("status").asInt());
        assertEquals("SUBMITTED", finished.path("examStatus").asText());
        assertEquals("B", as(user, "GET", exam + "/questions/1", null).expect(200).json().path("correctChoice").asText());
        JsonNode review = as(user, "GET", exam + "/review", null).expect(200).json();
        assertEquals(4, review.size());
        for (String f : List.of("position", "questionId", "text", "options", "choice", "flagged", "correctChoice",
                "correct", "explanation", "domain")) {
            assertTrue(review.get(0).has(f), f);
        }
        assertTrue(review.get(2).path("flagged").asBoolean(), "question 3 was flagged");
        assertFalse(review.get(0).path("flagged").asBoolean());
        assertTrue(done.path("nextCheckpoint").isNull(), "a finished exam has no next break");
        JsonNode history = as(user, "GET", "/api/exams/history?limit=5", null).expect(200).json();
        assertEquals(1, history.path("items").size());
        assertEquals(sid, history.path("items").get(0).path("sessionId").asText());
        assertTrue(history.has("next") && history.path("next").isNull());
    }

    @Test
    void historyCursorReachesEveryAttemptOnceAcrossTiesAndRefusesGarbledCursors() {
        long user = newUser();
        ExamType mini = new ExamType("mini", "Mini exam", 4, 30, PausePolicy.none());
        Instant tie = Instant.parse("2026-11-28T10:00:00.123Z");
        // five attempts finished in the same millisecond (as the sweep does), two earlier, one later
        Instant[] finishedAt = {tie, tie.minusSeconds(60), tie, tie, tie.plusSeconds(5), tie, tie.minusSeconds(60), tie};
        List<String> newestFirst = new ArrayList<>();
        List<ExamSession> seeded = new ArrayList<>();
        for (int i = 0; i < finishedAt.length; i++) {
            ExamSession done = ExamSession.start(SessionId.newId(), user, mini,
                            ExamMode.PRACTICE, List.of(1L, 2L), finishedAt[i].minusSeconds(30))
                    .withAttemptId(900_000 + i).submit(Map.of(), finishedAt[i]);
            assertTrue(attempts.restore(done));
            seeded.add(done);
        }
        seeded.stream().sorted(HistoryCursor.NEWEST_FIRST).forEach(s -> newestFirst.add(s.sessionId().value()));

        for (int limit : List.of(1, 2, 3, 8, 20)) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = as(user, "GET", "/api/exams/history?limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + cursor), null).expect(200).json();
                assertTrue(page.path("items").size() >= 1 && page.path("items").size() <= limit, page.toString());
                page.path("items").forEach(item -> seen.add(item.path("sessionId").asText()));
                assertTrue(page.has("next"), page.toString());
                cursor = page.path("next").isNull() ? null : page.path("next").asText();
            } while (cursor != null && seen.size() <= finishedAt.length);
            assertEquals(newestFirst, seen, "limit " + limit);
        }

        String next = as(user, "GET", "/api/exams/history?limit=3", null).expect(200).json().path("next").asText();
        String edited = (next.charAt(5) == 'A' ? 'B' : 'A') + "";
        edited = next.substring(0, 5) + edited + next.substring(6);
        for (String bad : List.of(edited, "abc", "", "null", next + "x", "1764300000000")) {
            JsonNode p = as(user, "GET", "/api/exams/history?limit=3&cursor=" + bad, null)
                    .expectProblem(400, "BAD_REQUEST").json();
            assertTrue(p.path("detail").asText().contains("cursor"), p.toString());
        }
        JsonNode before = as(user, "GET", "/api/exams/history?before=1764300000000", null)
                .expectProblem(400, "BAD_REQUEST").json();
        assertTrue(before.path("detail").asText().contains("'cursor'"), before.toString());
        as(user, "GET", "/api/exams/history?before=1764300000000&cursor=" + next, null).expectProblem(400, "BAD_REQUEST");
        // a cursor is a position, not a key to someone's data: another user's pages stay their own
        long other = newUser();
        JsonNode foreign = as(other, "GET", "/api/exams/history?cursor=" + next, null).expect(200).json();
        assertEquals(0, foreign.path("items").size());
        assertTrue(foreign.path("next").isNull());
    }

    @Test
    void practiceAnswersRevealCorrectness() {
        long user = newUser();
        JsonNode s = as(user, "POST", "/api/exams/select",
                "{\"examType\":\"mini\",\"mode\":\"practice\",\"questionCount\":2}").expect(201).json();
        assertEquals(2, s.path("questionCount").asInt());
        assertTrue(s.path("deadline").isNull());
        assertTrue(s.path("remainingMs").isNull());
        assertTrue(s.path("pausePolicy").isNull());
        String sid = s.path("sessionId").asText();
        long q = s.path("questionIds").get(0).asLong();
        JsonNode a = as(user, "PUT", "/api/exams/" + sid + "/answers/" + q, "{\"choice\":\"A\"}").expect(200).json();
        assertFalse(a.path("correct").asBoolean());
        assertEquals("B", a.path("correctChoice").asText());
        assertEquals("Because B.", a.path("explanation").asText());
    }

    @Test
    void deleteAbandons() {
        long user = newUser();
        String sid = newExam(user);
        Res r = as(user, "DELETE", "/api/exams/" + sid, null).expect(204);
        assertTrue(r.raw().body().isEmpty());
        assertEquals("ABANDONED", as(user, "GET", "/api/exams/" + sid, null).expect(200).json().path("status").asText());
        as(user, "DELETE", "/api/exams/" + sid, null).expect(204);
    }

    @Test
    void lostCopyIsRebuiltAndSaysRecovered() {
        long user = newUser();
        String sid = newExam(user);
        sessions.drop(new SessionId(sid));
        JsonNode rebuilt = as(user, "GET", "/api/exams/" + sid, null).expect(200).json();
        assertTrue(rebuilt.path("recovered").asBoolean());
        assertEquals(sid, rebuilt.path("sessionId").asText());
        assertFalse(as(user, "GET", "/api/exams/" + sid, null).expect(200).json().path("recovered").asBoolean());
        String text = send("GET", "/metrics", (String) null).raw().body();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("exam_sessions_rebuilt_total") && !l.endsWith(" 0.0")), text);
    }

    @Test
    void requestsJettyRefusesBeforeRoutingAreProblemsToo() throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /api/exams/%ff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
            assertTrue(raw.contains("application/problem+json"), raw);
            assertTrue(raw.contains("\"code\":\"BAD_REQUEST\""), raw);
        }
    }

    // ---- caching and If-Match ---------------------------------------------------------------------------

    private static void assertNotStored(Res r) {
        assertEquals("no-store", r.header("Cache-Control"), () -> r.raw().request().method() + " "
                + r.raw().request().uri() + " " + r.status());
    }

    @Test
    void apiResponsesAreNeverStoredAndNeverAnswered304() throws IOException {
        long user = newUser();
        String sid = newExam(user);
        Res state = as(user, "GET", "/api/exams/" + sid, null).expect(200);
        String etag = state.header("ETag");
        assertEquals("\"1\"", etag);
        assertNotStored(state);

        // A matching If-None-Match is ignored: the version does not move with the timer.
        Res again = as(user, "GET", "/api/exams/" + sid, null, "If-None-Match", etag).expect(200);
        assertNotStored(again);
        assertEquals(sid, again.json().path("sessionId").asText());
        as(user, "HEAD", "/api/exams/" + sid, null, "If-None-Match", etag).expect(200);
        Res resumed = as(user, "POST", "/api/exams/select", "{\"examType\":\"mini\"}", "If-None-Match", etag).expect(200);
        assertTrue(resumed.json().path("resumed").asBoolean());
        assertNotStored(resumed);
        Res pause = as(user, "GET", "/api/exams/" + sid + "/pause/status", null, "If-None-Match", etag).expect(200);
        assertEquals(etag, pause.header("ETag"));
        assertNotStored(pause);

        for (String path : List.of("/api/exams/types", "/api/exams/active", "/api/exams/history",
                "/api/exams/" + sid + "/questions/1", "/api/exams/" + sid + "/questions")) {
            assertNotStored(as(user, "GET", path, null).expect(200));
        }
        // Problems too, whoever answers them: the guard, the routes, Javalin, Jetty.
        assertNotStored(send("GET", "/api/exams/types", (String) null).expectProblem(401, "UNAUTHENTICATED"));
        assertNotStored(as(user, "GET", "/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA", null).expectProblem(404, "SESSION_NOT_FOUND"));
        assertNotStored(send("GET", "/api/nope", (String) null).expectProblem(404, "NOT_FOUND"));
        assertNotStored(as(user, "PATCH", "/api/exams/types", "{}").expectProblem(405, "METHOD_NOT_ALLOWED"));
        try (RawHttp raw = RawHttp.open(api.port())) {
            raw.send("GET /api/exams/%ff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response r = raw.read();
            assertEquals(400, r.status(), r.toString());
            assertEquals("no-store", r.header("Cache-Control"), r.toString());
        }
    }

    /** A stale If-Match is 412 with the current version, and nothing changed; the right one lets the change through. */
    private static void staleThenCurrent(long user, String sid, String method, String path, String body, long version,
                                         int success) {
        String exam = "/api/exams/" + sid;
        for (String stale : List.of("\"" + (version - 1) + "\"", "\"" + (version + 1) + "\"")) {
            JsonNode p = as(user, method, path, body, "If-Match", stale).expectProblem(412, "VERSION_MISMATCH").json();
            assertEquals(version, p.path("version").asLong(), p.toString());
        }
        assertEquals(version, as(user, "GET", exam, null).expect(200).json().path("version").asLong(),
                method + " " + path + " with a stale If-Match changed the exam");
        as(user, method, path, body, "If-Match", "nonsense").expectProblem(400, "BAD_REQUEST");
        Res ok = as(user, method, path, body, "If-Match", "\"" + version + "\"").expect(success);
        if (!path.endsWith("/extend")) {
            assertEquals("\"" + (version + 1) + "\"", ok.header("ETag"), method + " " + path);
        }
    }

    @Test
    void ifMatchIsHonouredOnEveryMutatingSessionRoute() {
        long user = newUser();
        String sid = newExam(user);
        String exam = "/api/exams/" + sid;
        long q1 = questionAt(user, sid, 1);
        long q2 = questionAt(user, sid, 2);

        staleThenCurrent(user, sid, "PUT", exam + "/answers/" + q1, "{\"choice\":\"A\"}", 1, 200);
        staleThenCurrent(user, sid, "PUT", exam + "/flags/" + q1, "{\"flagged\":true}", 2, 200);
        as(user, "PUT", exam + "/answers/" + q2, "{\"choice\":\"B\"}", "If-Match", "\"3\"").expect(200);
        staleThenCurrent(user, sid, "POST", exam + "/pause/start", "{\"checkpoint\":2}", 4, 200);
        staleThenCurrent(user, sid, "POST", exam + "/pause/end", null, 5, 200);
        // extend changes the copy's TTL, not the exam: the version stays 6.
        staleThenCurrent(user, sid, "POST", exam + "/extend", "{\"minutes\":30}", 6, 200);
        assertEquals(6, as(user, "GET", exam, null).expect(200).json().path("version").asLong());

        // An idempotent repeat answers 200 whatever version it names (a retry after a lost response).
        as(user, "PUT", exam + "/flags/" + q1, "{\"flagged\":true}", "If-Match", "\"2\"").expect(200);
        // Other refusals win over a stale version.
        as(user, "PUT", exam + "/answers/" + q1, "{\"choice\":\"C\"}", "If-Match", "\"1\"")
                .expectProblem(409, "SECTION_LOCKED");
        as(user, "PUT", exam + "/answers/99999", "{\"choice\":\"C\"}", "If-Match", "\"1\"")
                .expectProblem(404, "QUESTION_NOT_FOUND");

        staleThenCurrent(user, sid, "POST", exam + "/submit", null, 6, 200);
        as(user, "POST", exam + "/submit", null, "If-Match", "\"1\"").expect(200);
        as(user, "POST", exam + "/extend", null, "If-Match", "\"1\"").expectProblem(409, "EXAM_FINISHED");

        String other = newExam(newUser());
        long owner = USERS.get();
        staleThenCurrent(owner, other, "DELETE", "/api/exams/" + other, null, 1, 204);
        // Weak and bare forms name the same version, and * matches any.
        String third = newExam(owner);
        as(owner, "PUT", "/api/exams/" + third + "/flags/" + questionAt(owner, third, 1), "{\"flagged\":true}",
                "If-Match", "W/\"1\"").expect(200);
        as(owner, "DELETE", "/api/exams/" + third, null, "If-Match", "*").expect(204);
    }

    // ---- UTF-8 bodies ------------------------------------------------------------------------------------

    /** The body decoded as UTF-8 by a decoder that refuses anything malformed, then parsed as JSON. */
    static JsonNode strictJson(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not UTF-8 JSON: " + Arrays.toString(body), e);
        }
    }

    /** Sends a request and checks the answer is a UTF-8 problem whose detail echoes {@code echoed}. */
    private static void utf8Problem(int status, String code, String echoed, String method, String path, String body,
                                    long user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json");
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path, e);
        }
        OpenApiContract.get().check(r, r.body());
        assertEquals(status, r.statusCode(), () -> method + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/problem+json"), type);
        assertTrue(type.toLowerCase(java.util.Locale.ROOT).replace(" ", "").contains(";charset=utf-8"), type);
        JsonNode p = strictJson(r.body());
        assertEquals(code, p.path("code").asText(), p.toString());
        assertTrue(p.path("detail").asText().contains(echoed), () -> "detail should echo " + echoed + ": " + p);
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void problemBodiesAreUtf8AndEchoNonAsciiInputIntact() {
        long user = newUser();
        String sid = newExam(user);
        long q1 = questionAt(user, sid, 1);
        String exam = "/api/exams/" + sid;
        utf8Problem(422, "UNKNOWN_EXAM_TYPE", "Prüfung", "POST", "/api/exams/select", "{\"examType\":\"Prüfung\"}", user);
        utf8Problem(422, "UNKNOWN_EXAM_TYPE", "試験題", "POST", "/api/exams/select", "{\"examType\":\"試験題\"}", user);
        utf8Problem(422, "INVALID_MODE", "Übung 😀", "POST", "/api/exams/select",
                "{\"examType\":\"mini\",\"mode\":\"Übung 😀\"}", user);
        utf8Problem(422, "INVALID_CHOICE", "題", "PUT", exam + "/answers/" + q1, "{\"choice\":\"題\"}", user);
        utf8Problem(400, "BAD_REQUEST", "ä", "GET", "/api/exams/history?limit=" + encoded("ä"), null, user);
        utf8Problem(400, "BAD_REQUEST", "cursor", "GET", "/api/exams/history?cursor=" + encoded("ünf"), null, user);
        utf8Problem(400, "BAD_REQUEST", "é", "GET", exam + "/questions?from=" + encoded("é"), null, user);
        utf8Problem(400, "BAD_REQUEST", "zwölf", "GET", exam + "/questions/" + encoded("zwölf"), null, user);
        utf8Problem(400, "BAD_REQUEST", "ß", "PUT", exam + "/answers/" + encoded("ß"), "{\"choice\":\"B\"}", user);
        utf8Problem(400, "BAD_REQUEST", "JSON", "POST", "/api/exams/select", "{\"examType\":\"Prüfung\" ü}", user);
        utf8Problem(404, "NOT_FOUND", "/api/" + encoded("größe"), "GET", "/api/" + encoded("größe"), null, user);
        // Nothing changed on the way.
        assertEquals(1, as(user, "GET", exam, null).expect(200).json().path("version").asLong());
    }

    @Test
    void problemsJettyAnswersAreUtf8Too() throws IOException {
        // A raw non-ASCII byte and a broken percent-encoding in the URI, and oversized non-ASCII headers.
        byte[] badUri = "GET /api/exams/\u00fc%ff HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] bigHeader = ("GET /api/exams/types HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "ü".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        for (byte[] request : List.of(badUri, bigHeader)) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(request);
                byte[] raw = socket.getInputStream().readAllBytes();
                String head = new String(raw, StandardCharsets.ISO_8859_1);
                int split = head.indexOf("\r\n\r\n");
                assertTrue(split > 0, head);
                String headers = head.substring(0, split).toLowerCase(java.util.Locale.ROOT);
                assertTrue(headers.startsWith("http/1.1 4"), head);
                assertTrue(headers.contains("content-type: application/problem+json; charset=utf-8"), head);
                JsonNode p = strictJson(Arrays.copyOfRange(raw, split + 4, raw.length));
                assertFalse(p.path("code").asText().isBlank(), p.toString());
                assertEquals(Integer.parseInt(headers.substring(9, 12)), p.path("status").asInt());
            }
        }
    }

    @Test
    void jsonBodiesSayTheirCharset() {
        long user = newUser();
        Res types = as(user, "GET", "/api/exams/types", null).expect(200);
        assertTrue(types.header("Content-Type").toLowerCase(java.util.Locale.ROOT).replace(" ", "")
                .startsWith("application/json;charset=utf-8"), types.header("Content-Type"));
    }

    // ---- protocol edges: broken bodies, odd HTTP versions, HEAD -------------------------------------

    /** Captures what ProblemMapper logs, to prove a client's mistake is not logged as a server error. */
    static final class CapturedLog implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ProblemMapper.class);
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();

        CapturedLog() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> errors() {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }

    private static String rawPost(String path, long user, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token(user)
                + "\r\nContent-Type: application/json\r\n" + framing;
    }

    private static void assertBodyNotReadCompletely(RawHttp.Response r) throws IOException {
        assertNotNull(r, "no response");
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
        JsonNode p = JSON.readTree(r.body());
        assertEquals("BAD_REQUEST", p.path("code").asText(), r.toString());
        assertEquals(400, p.path("status").asInt());
        assertEquals("The request body could not be read completely.", p.path("detail").asText());
    }

    @Test
    void bodyEndingBeforeItsDeclaredLengthIs400NotAServerError() throws IOException {
        long user = newUser();
        String body = "{\"examType\":1}"; // 14 bytes of the 100 announced
        try (CapturedLog log = new CapturedLog(); RawHttp raw = RawHttp.open(api.port())) {
            raw.send(rawPost("/api/exams/select", user, "Content-Length: 100\r\n\r\n" + body)).endOutput();
            assertBodyNotReadCompletely(raw.read());
            assertEquals(List.of(), log.errors());
        }
        // Same on a route whose body is optional and on a PUT.
        String sid = newExam(user);
        try (RawHttp raw = RawHttp.open(api.port())) {
            raw.send(rawPost("/api/exams/" + sid + "/extend", user, "Content-Length: 50\r\n\r\n{\"minu")).endOutput();
            assertBodyNotReadCompletely(raw.read());
        }
        // Nothing happened to the exam.
        assertEquals(1, as(user, "GET", "/api/exams/" + sid, null).expect(200).json().path("version").asLong());
    }

    @Test
    void malformedChunkedBodyIs400NotAServerError() throws IOException {
        long user = newUser();
        try (CapturedLog log = new CapturedLog(); RawHttp raw = RawHttp.open(api.port())) {
            raw.send(rawPost("/api/exams/select", user, "Transfer-Encoding: chunked\r\n\r\nzz\r\n"));
            RawHttp.Response r = raw.read();
            assertNotNull(r, "no response");
            assertEquals(400, r.status(), r.toString());
            assertEquals("BAD_REQUEST", JSON.readTree(r.body()).path("code").asText(), r.toString());
            assertEquals(List.of(), log.errors());
        }
        // A chunked body cut off by the client (no last chunk) is the client's fault too.
        try (RawHttp raw = RawHttp.open(api.port())) {
            raw.send(rawPost("/api/exams/select", user, "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"exa\r\n")).endOutput();
            assertBodyNotReadCompletely(raw.read());
        }
    }

    @Test
    void unsupportedHttpVersionsAre400BadRequestNever5xx() throws IOException {
        for (String version : List.of("HTTP/9.9", "HTTP/1.7", "HTTP/2.0")) {
            try (RawHttp raw = RawHttp.open(api.port())) {
                raw.send("GET /api/exams/types " + version + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + token(newUser()) + "\r\n\r\n");
                RawHttp.Response r = raw.read();
                assertNotNull(r, version + ": no response");
                assertEquals(400, r.status(), version + ": " + r);
                assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
                JsonNode p = JSON.readTree(r.body());
                assertEquals("BAD_REQUEST", p.path("code").asText(), r.toString());
                assertEquals(400, p.path("status").asInt());
                if (!version.equals("HTTP/2.0")) { // Jetty refuses HTTP/2.0 on an HTTP/1 connection with a plain 400
                    assertTrue(p.path("detail").asText().contains("HTTP version"), version + ": " + r);
                }
            }
        }
        // HTTP/0.9 (no version at all): a 400 problem, or no status line at all, but never a 5xx.
        try (RawHttp raw = RawHttp.open(api.port())) {
            String answer = raw.send("GET /api/exams/types\r\n\r\n").readToEnd();
            if (answer.startsWith("HTTP/")) {
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.contains("\"code\":\"BAD_REQUEST\""), answer);
            }
            assertFalse(answer.contains("INTERNAL_ERROR"), answer);
        }
    }

    @Test
    void headGoesThroughTheSameGuardAsGet() {
        String unknown = "/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA";
        Res anonymous = send("HEAD", unknown, (String) null).expect(401);
        assertTrue(anonymous.header("Content-Type").startsWith("application/problem+json"), anonymous.header("Content-Type"));
        assertNotNull(anonymous.header("WWW-Authenticate"));
        assertTrue(anonymous.raw().body().isEmpty());
        send("HEAD", "/api/exams/types", (String) null).expect(401);
        send("HEAD", "/api/exams/active", (String) null, "Authorization", "Bearer garbage").expect(401);
        send("HEAD", "/api/debug/session-stats", (String) null, "Authorization", "Bearer " + token(newUser())).expect(403);

        long owner = newUser();
        long other = newUser();
        String sid = newExam(owner);
        as(other, "HEAD", unknown, null).expect(404);
        as(other, "HEAD", "/api/exams/" + sid, null).expect(404);
        as(other, "HEAD", "/api/exams/" + sid + "/questions/1", null).expect(404);
        as(other, "HEAD", "/api/exams/not-a-session-id", null).expect(404);
        Res own = as(owner, "HEAD", "/api/exams/" + sid, null).expect(200);
        assertTrue(own.header("Content-Type").startsWith("application/json"), own.header("Content-Type"));
        assertTrue(own.raw().body().isEmpty());
        as(owner, "HEAD", "/api/exams/types", null).expect(200);
        // Like GET, HEAD /api/exams/select is the {sessionId} route with an unknown id.
        as(owner, "HEAD", "/api/exams/select", null).expect(404);
        // Routes without GET still refuse HEAD; the public routes answer it.
        Res postOnly = as(owner, "HEAD", "/api/exams/" + sid + "/submit", null).expect(405);
        assertTrue(postOnly.header("Allow").contains("POST"), postOnly.header("Allow"));
        send("HEAD", "/health", (String) null).expect(200);
        send("HEAD", "/openapi.json", (String) null).expect(200);
        send("HEAD", "/metrics", (String) null).expect(200);
    }

    @Test
    void headOnAKeptAliveConnectionAnswersWithoutABody() throws IOException {
        try (RawHttp raw = RawHttp.open(api.port())) {
            raw.send("HEAD /api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response head = raw.read(true);
            assertEquals(401, head.status(), head.toString());
            raw.send("GET /api/exams/types HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token(newUser())
                    + "\r\n\r\n");
            RawHttp.Response get = raw.read();
            assertEquals(200, get.status(), get.toString());
            assertTrue(get.body().startsWith("["), get.toString());
        }
    }

    // ---- admin, rate limit, server-side failures ------------------------------------------------------

    @Test
    void sessionStatsNeedTheAdminRole() {
        send("GET", "/api/debug/session-stats", (String) null, "Authorization", "Bearer " + token(newUser()))
                .expectProblem(403, "FORBIDDEN");
        JsonNode stats = send("GET", "/api/debug/session-stats", (String) null,
                "Authorization", "Bearer " + token(newUser(), "admin")).expect(200).json();
        assertEquals("memory", stats.path("backend").asText());
        assertFalse(stats.path("redisConnected").asBoolean());
        assertTrue(stats.path("sessionCount").isNumber());
        assertEquals(0, stats.path("details").path("since").asLong());
    }

    @Test
    void rateLimitedStartsAre429WithRetryAfter() {
        Res r = as(RATE_LIMITED_USER, "POST", "/api/exams/select", "{\"examType\":\"mini\"}").expectProblem(429, "RATE_LIMITED");
        assertEquals("30", r.header("Retry-After"));
        assertEquals(30, r.json().path("retryAfterSeconds").asInt());
    }

    @Test
    void unexpectedErrorsAre500WithoutInternalDetails() {
        attempts.failingUser = FAILING_USER;
        attempts.failure = new IllegalStateException("secret internal detail: db password hunter2");
        try {
            Res r = as(FAILING_USER, "GET", "/api/exams/active", null).expectProblem(500, "INTERNAL_ERROR");
            assertFalse(r.raw().body().contains("hunter2"));
            assertFalse(r.raw().body().contains("IllegalStateException"));
        } finally {
            attempts.failingUser = -1;
        }
    }

    @Test
    void unavailableStoreIs503WithRetryAfter() {
        attempts.failingUser = UNAVAILABLE_USER;
        attempts.failure = new StoreUnavailable("attempt record unreachable", Duration.ofSeconds(7), null);
        try {
            Res r = as(UNAVAILABLE_USER, "GET", "/api/exams/active", null).expectProblem(503, "STORE_UNAVAILABLE");
            assertEquals("7", r.header("Retry-After"));
            assertEquals(7, r.json().path("retryAfterSeconds").asInt());
            // Wrapped (a future, a cache loader) it still answers 503, not 500.
            attempts.failure = new java.util.concurrent.CompletionException(
                    new StoreUnavailable("attempt record unreachable", Duration.ofSeconds(3), null));
            Res wrapped = as(UNAVAILABLE_USER, "GET", "/api/exams/active", null).expectProblem(503, "STORE_UNAVAILABLE");
            assertEquals("3", wrapped.header("Retry-After"));
        } finally {
            attempts.failingUser = -1;
        }
    }
}
