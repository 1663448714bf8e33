package dev.examsessions.bootstrap.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.web.ApiClient;
import dev.examsessions.web.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind gets the documented 4xx problem and changes nothing. */
class BadInputE2ETest {
    private static TestApp t;
    private long user;
    private String sid;
    private long qid;

    @BeforeAll
    static void start() {
        t = new TestApp(Map.of("EXAM_START_RATE_LIMIT", "1000/m"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @BeforeEach
    void exam() {
        user = TestApp.newUser();
        JsonNode state = t.start(user, "pmp-quick", "exam");
        sid = state.path("sessionId").asText();
        qid = state.path("questionIds").get(0).asLong();
    }

    private JsonNode state() {
        return t.get("/api/exams/" + sid, user).json();
    }

    /** Runs the request, checks status, code and problem content type, and that the exam did not change. */
    private void refused(int status, String code, HttpRequest.Builder request) {
        JsonNode before = state();
        ApiClient.Response r = t.send(request);
        assertEquals(status, r.status(), r::toString);
        assertEquals(code, r.code(), r::toString);
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
        JsonNode after = state();
        assertEquals(before.path("version").asLong(), after.path("version").asLong());
        assertEquals(before.path("answers"), after.path("answers"));
    }

    private HttpRequest.Builder putAnswer(String body) {
        return t.req("/api/exams/" + sid + "/answers/" + qid, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void malformedJson() {
        refused(400, "BAD_REQUEST", putAnswer("{\"choice\":"));
        refused(400, "BAD_REQUEST", putAnswer("not json"));
        refused(400, "BAD_REQUEST", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{")));
    }

    @Test
    void wrongTypesAndMissingFields() {
        refused(400, "BAD_REQUEST", putAnswer("{\"choice\":5}"));
        refused(400, "BAD_REQUEST", putAnswer("{\"choice\":[\"A\"]}"));
        refused(400, "BAD_REQUEST", putAnswer("{}"));
        refused(400, "BAD_REQUEST", putAnswer("[]"));
        refused(400, "BAD_REQUEST", t.req("/api/exams/" + sid + "/flags/" + qid, user)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"flagged\":\"yes\"}")));
        refused(400, "BAD_REQUEST", t.req("/api/exams/" + sid + "/pause/start", user)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"checkpoint\":\"x\"}")));
        refused(400, "BAD_REQUEST", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"exam\"}")));
        refused(400, "BAD_REQUEST", t.req("/api/exams/" + sid + "/answers/abc", user)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        refused(400, "BAD_REQUEST", t.req("/api/exams/" + sid + "/questions/first", user).GET());
        refused(400, "BAD_REQUEST", t.req("/api/exams/" + sid + "/questions?from=a&to=2", user).GET());
        refused(400, "BAD_REQUEST", t.req("/api/exams/history?limit=many", user).GET());
    }

    @Test
    void oversizedBody() {
        JsonNode before = state();
        // The headers alone: a declared length over the limit is refused before any body is read. (A client still
        // writing such a body when the 413 comes may see the connection reset instead: the server closes it.)
        RawHttp.Answer a = RawHttp.exchange(t.app.port(), "PUT /api/exams/" + sid + "/answers/" + qid + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + t.token(user) + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + 70 * 1024 + "\r\n\r\n");
        assertEquals(413, a.status(), a.text());
        assertTrue(a.text().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), a.text());
        assertTrue(a.text().contains("Content-Type: application/problem+json"), a.text());
        assertEquals(before, state(), "nothing changed");
    }

    @Test
    void domainRejections() {
        refused(422, "UNKNOWN_EXAM_TYPE", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"examType\":\"nope\",\"mode\":\"exam\"}")));
        refused(422, "INVALID_MODE", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"examType\":\"pmp\",\"mode\":\"speedrun\"}")));
        refused(422, "INVALID_QUESTION_COUNT", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":0}")));
        refused(422, "INVALID_CHOICE", putAnswer("{\"choice\":\"Q\"}"));
        refused(422, "INVALID_CHECKPOINT", t.req("/api/exams/" + sid + "/pause/start", user)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"checkpoint\":7}")));
        refused(409, "CHECKPOINT_NOT_REACHED", t.req("/api/exams/" + sid + "/pause/start", user)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"checkpoint\":5}")));
        refused(404, "QUESTION_NOT_FOUND", t.req("/api/exams/" + sid + "/answers/99999999", user)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        refused(404, "QUESTION_NOT_FOUND", t.req("/api/exams/" + sid + "/questions/11", user).GET());
        refused(409, "NOT_FINISHED", t.req("/api/exams/" + sid + "/review", user).GET());
    }

    @Test
    void nonAsciiInputComesBackIntactInUtf8Problems() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Map<String, HttpRequest.Builder> requests = Map.of(
                "Prüfung 試験", t.req("/api/exams/select", user).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"examType\":\"Prüfung 試験\"}", StandardCharsets.UTF_8)),
                "題", putAnswer("{\"choice\":\"題\"}"),
                "ä", t.req("/api/exams/history?limit=%C3%A4", user).GET());
        for (Map.Entry<String, HttpRequest.Builder> e : requests.entrySet()) {
            var r = client.send(e.getValue().build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.replace(" ", "").toLowerCase(Locale.ROOT)
                    .equals("application/problem+json;charset=utf-8"), type);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(r.body())).toString();
            JsonNode problem = new ObjectMapper().readTree(text);
            assertTrue(problem.path("detail").asText().contains(e.getKey()), text);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        }
        assertEquals(1, state().path("version").asLong(), "nothing changed");
    }

    @Test
    void malformedAndForeignSessionIds() {
        for (String bad : new String[] {"nope", "s-short", "s-" + "x".repeat(80), "s-AAAAAAAAAAAAAAAAAAAAAA%2F..",
                "s-AAAAAAAAAAAAAAAAAAAAAAAA"}) {
            ApiClient.Response r = t.get("/api/exams/" + bad, user);
            assertEquals(404, r.status(), bad + " -> " + r);
            assertEquals("SESSION_NOT_FOUND", r.code());
        }
        long stranger = TestApp.newUser();
        ApiClient.Response foreignRead = t.get("/api/exams/" + sid, stranger);
        ApiClient.Response unknownRead = t.get("/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA", stranger);
        assertEquals(404, foreignRead.status());
        // the same problem whoever owns the id; only the request's own id differs
        assertEquals(((com.fasterxml.jackson.databind.node.ObjectNode) unknownRead.json()).without("requestId"),
                ((com.fasterxml.jackson.databind.node.ObjectNode) foreignRead.json()).without("requestId"));
        refused(404, "SESSION_NOT_FOUND", t.req("/api/exams/" + sid + "/answers/" + qid, stranger)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        refused(404, "SESSION_NOT_FOUND", t.req("/api/exams/" + sid, stranger).DELETE());
        refused(404, "SESSION_NOT_FOUND", t.req("/api/exams/" + sid + "/submit", stranger)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals("IN_PROGRESS", state().path("status").asText());
    }

    private HttpRequest.Builder answerWithToken(String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri("/api/exams/" + sid + "/answers/" + qid))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}"));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    @Test
    void badTokens() {
        refused(401, "UNAUTHENTICATED", answerWithToken(null));
        refused(401, "UNAUTHENTICATED", answerWithToken("garbage"));
        String expired = JWT.create().withSubject(String.valueOf(user))
                .withExpiresAt(Date.from(java.time.Instant.now().minus(Duration.ofMinutes(1))))
                .sign(Algorithm.HMAC256(TestApp.SECRET));
        refused(401, "UNAUTHENTICATED", answerWithToken(expired));
        String forged = JWT.create().withSubject(String.valueOf(user))
                .withExpiresAt(Date.from(java.time.Instant.now().plus(Duration.ofHours(1))))
                .sign(Algorithm.HMAC256("another-secret-that-is-also-32-bytes-long!!"));
        refused(401, "UNAUTHENTICATED", answerWithToken(forged));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
        refused(401, "UNAUTHENTICATED", answerWithToken(none));
        String noExp = JWT.create().withSubject(String.valueOf(user)).sign(Algorithm.HMAC256(TestApp.SECRET));
        refused(401, "UNAUTHENTICATED", answerWithToken(noExp));
    }

    @Test
    void cookieMutationWithoutJsonContentTypeIsRejected() {
        HttpRequest.Builder cookieForm = HttpRequest.newBuilder(t.uri("/api/exams/" + sid + "/answers/" + qid))
                .header("Cookie", "sessionToken=" + t.token(user))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}"));
        refused(403, "CSRF_REJECTED", cookieForm);
        HttpRequest.Builder cookieSubmit = HttpRequest.newBuilder(t.uri("/api/exams/" + sid + "/submit"))
                .header("Cookie", "sessionToken=" + t.token(user)).POST(HttpRequest.BodyPublishers.noBody());
        refused(403, "CSRF_REJECTED", cookieSubmit);
        // With JSON the cookie works, as the original frontend uses it.
        ApiClient.Response ok = t.send(HttpRequest.newBuilder(t.uri("/api/exams/" + sid + "/answers/" + qid))
                .header("Cookie", "sessionToken=" + t.token(user)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        assertEquals(200, ok.status(), ok::toString);
    }

    @Test
    void rateLimitOnNewStarts() {
        try (TestApp limited = new TestApp(Map.of("EXAM_START_RATE_LIMIT", "2/m"))) {
            long u = TestApp.newUser();
            assertEquals(201, limited.post("/api/exams/select", u, "{\"examType\":\"pmp\",\"mode\":\"exam\"}").status());
            assertEquals(201, limited.post("/api/exams/select", u, "{\"examType\":\"pmp\",\"mode\":\"practice\"}").status());
            // Resuming does not count.
            assertEquals(200, limited.post("/api/exams/select", u, "{\"examType\":\"pmp\",\"mode\":\"exam\"}").status());
            ApiClient.Response third = limited.post("/api/exams/select", u, "{\"examType\":\"pmp-quick\",\"mode\":\"exam\"}");
            assertEquals(429, third.status());
            assertEquals("RATE_LIMITED", third.code());
            assertTrue(Integer.parseInt(third.header("Retry-After")) >= 1);
            limited.clock.advance(Duration.ofMinutes(1));
            assertEquals(201, limited.post("/api/exams/select", u, "{\"examType\":\"pmp-quick\",\"mode\":\"exam\"}").status());
        }
    }
}
