package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.service.ExamService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API's limit of questions per call, over an exam longer than it. */
class QuestionsPerCallTest {
    private static final byte[] SECRET = "test-secret-test-secret-test-secret!".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings AUTH = new AuthSettings(SECRET, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONG_EXAM = ExamHandlers.MAX_QUESTIONS_PER_CALL + 50;

    private static final WebMetrics metrics = new WebMetrics();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static HttpApi api;

    @BeforeAll
    static void start() {
        ExamType longExam = new ExamType("long", "Long exam", LONG_EXAM, 300, null);
        ExamService exams = new ExamService(FakePorts.sessions(), new FakePorts.Attempts(), FakePorts.bank(LONG_EXAM),
                FakePorts.catalog(longExam), RateLimiter.unlimited(), metrics, Clock.systemUTC());
        api = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(), null, Duration.ofSeconds(2)), exams, metrics);
    }

    @AfterAll
    static void stop() {
        api.stop();
        metrics.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        String token = JwtTokens.issue(AUTH, 7, List.of(), Instant.now(), Instant.now().plusSeconds(600));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void moreQuestionsThanTheLimitAreRefusedAndTheDefaultRangeStopsAtIt() throws Exception {
        HttpResponse<String> started = send("POST", "/api/exams/select", "{\"examType\":\"long\",\"mode\":\"exam\"}");
        assertEquals(201, started.statusCode(), started.body());
        String exam = "/api/exams/" + JSON.readTree(started.body()).path("sessionId").asText();

        HttpResponse<String> tooMany = send("GET", exam + "/questions?from=1&to=" + LONG_EXAM, null);
        JsonNode problem = JSON.readTree(tooMany.body());
        assertEquals(422, tooMany.statusCode(), tooMany.body());
        assertEquals("INVALID_RANGE", problem.path("code").asText());
        assertEquals("At most 200 questions per call.", problem.path("detail").asText());

        HttpResponse<String> byDefault = send("GET", exam + "/questions?from=11", null);
        assertEquals(200, byDefault.statusCode(), byDefault.body());
        assertEquals(ExamHandlers.MAX_QUESTIONS_PER_CALL, JSON.readTree(byDefault.body()).size());
        HttpResponse<String> atTheEnd = send("GET", exam + "/questions?from=100&to=1000", null);
        assertEquals(200, atTheEnd.statusCode(), "a 'to' past the end is cut there before the limit applies");
        assertEquals(LONG_EXAM - 99, JSON.readTree(atTheEnd.body()).size());
    }
}
