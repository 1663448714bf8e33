package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code LOG_FORMAT=json} on the real jar: every line is a JSON object, the seed's {@code [SessionManager]} lines
 * are there word for word, a line logged while serving a request carries its request id, and no line holds a
 * token, the signing secret, the database password or answer content.
 */
class JsonLogsIT {
    private static final String DB_PASSWORD = "pg-password-never-logged-4711";
    private static final String BAD_TOKEN = "not.a-token-never-logged-0815";
    private static final String BAD_CHOICE = "ANSWER-CONTENT-NEVER-LOGGED";

    @Test
    void jsonLinesWithRequestIdsAndNoSecrets() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start()) {
            Map<String, String> env = E2e.redisAndDatabase(redis, db, "LOG_FORMAT", "json");
            // a password in DATABASE_URL (PostgreSQL trusts 127.0.0.1 and does not ask for one): never in a log line
            Matcher url = Pattern.compile("postgresql://([^:@/]+)(?::([^@]*))?@(.+)").matcher(db.url());
            assertTrue(url.matches(), db.url());
            String password = url.group(2) == null || url.group(2).isEmpty() ? DB_PASSWORD : url.group(2);
            env.put("DATABASE_URL", "postgresql://" + url.group(1) + ":" + password + "@" + url.group(3));
            try (AppProcess app = AppProcess.start("json-logs", env)) {
                Api api = Api.of(app);
                User user = User.random();
                Exam exam = Exam.start(api, user, "pmp");
                exam.answer(api, 0, 3);
                ApiClient.Response badChoice = api.answer(user, exam.sid, exam.q.get(5), BAD_CHOICE);
                ApiClient.Response badToken = api.send(api.req(null, "/api/exams/active")
                        .header("Authorization", "Bearer " + BAD_TOKEN).GET());
                ApiClient.Response badCookie = api.send(api.req(null, "/api/exams/active")
                        .header("Cookie", "sessionToken=" + BAD_TOKEN).GET());

                redis.stop();
                String requestId = "json-logs-it-" + System.nanoTime();
                ApiClient.Response afterOutage = api.send(api.req(user, "/api/exams/" + exam.sid)
                        .header("X-Request-Id", requestId).GET());
                await("the fallback line is logged").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> app.log().contains("[SessionManager] Redis connection failed"));
                app.sigterm();
                app.awaitExit(Duration.ofSeconds(30));

                List<JsonNode> lines = new ArrayList<>();
                for (String line : app.log().lines().filter(l -> !l.isBlank()).toList()) {
                    JsonNode json = E2e.parse(line);
                    assertTrue(json.isObject() && json.has("level") && json.has("loggerName")
                            && json.has("formattedMessage"), "not a JSON log line: " + line);
                    lines.add(json);
                }
                JsonNode fallback = lines.stream().filter(l -> l.path("formattedMessage").asText()
                        .startsWith("[SessionManager] Redis connection failed, falling back to the attempt record (database)"))
                        .findFirst().orElseThrow(() -> new AssertionError("no fallback line in\n" + app.log()));

                assertEquals(422, badChoice.status(), badChoice::toString);
                assertEquals(401, badToken.status());
                assertEquals(401, badCookie.status());
                assertEquals(200, afterOutage.status(), afterOutage::toString);
                assertEquals(requestId, afterOutage.headers().firstValue("X-Request-Id").orElse(null));
                assertTrue(lines.stream().anyMatch(l -> l.path("formattedMessage").asText()
                        .equals("[SessionManager] Redis connected successfully")), "the seed's start line, intact");
                assertEquals(requestId, fallback.path("mdc").path("requestId").asText(),
                        "the line logged while serving the request carries its id: " + fallback);
                assertEquals("SessionManager", fallback.path("loggerName").asText());

                String log = app.log();
                for (String secret : List.of(user.token(), E2e.SECRET, password, BAD_TOKEN, BAD_CHOICE, "\"choice\"",
                        "choice\\\"")) {
                    assertFalse(log.contains(secret), () -> "a log line holds '" + secret + "':\n" + log);
                }
            }
        }
    }
}
