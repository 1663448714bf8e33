package dev.examsessions.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.redis.TestRedis;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application with USE_REDIS=true: sessions in Redis survive restarts, fallback modes, shared rate limit. */
class RedisSessionsE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Map<String, String> redisEnv(String url, String... more) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("USE_REDIS", "true", "REDIS_URL", url,
                "EXAM_START_RATE_LIMIT", "1000/m"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static String answerFirst(TestApp t, long user, JsonNode state, int index, String choice) {
        String sid = state.path("sessionId").asText();
        long qid = state.path("questionIds").get(index).asLong();
        ApiClient.Response r = t.put("/api/exams/" + sid + "/answers/" + qid, user, "{\"choice\":\"" + choice + "\"}");
        assertEquals(200, r.status(), r::toString);
        return r.body();
    }

    private static JsonNode health(TestApp t) {
        return t.send(HttpRequest.newBuilder(t.uri("/health")).GET()).json();
    }

    @Test
    void aSessionInRedisSurvivesARestartOfTheApp() throws Exception {
        String url = TestRedis.uri().toString();
        long user = TestApp.newUser();
        String sid;
        JsonNode before;
        try (TestApp first = new TestApp(redisEnv(url))) {
            JsonNode state = first.start(user, "pmp-quick", "exam");
            sid = state.path("sessionId").asText();
            for (int i = 0; i < 3; i++) {
                answerFirst(first, user, state, i, "A");
            }
            before = first.get("/api/exams/" + sid, user).json();
            try (RedisClient redis = TestRedis.newClient()) {
                JsonNode stored = TestApp.JSON.readTree(redis.get("exam:session:" + sid));
                assertEquals(4, stored.path("version").asLong());
                assertEquals(3, stored.path("answers").size());
                assertEquals(1, stored.path("schemaVersion").asInt());
                assertTrue(redis.ttl("exam:session:" + sid) > 6 * 3600 - 60);
            }
        }
        // Redis-only set-up: attempts were in the first process's memory; the session copy carries on.
        try (TestApp second = new TestApp(redisEnv(url))) {
            JsonNode after = second.get("/api/exams/" + sid, user).json();
            assertEquals(before.path("answers"), after.path("answers"));
            assertEquals(before.path("deadline"), after.path("deadline"));
            assertEquals(before.path("version"), after.path("version"));
            JsonNode state = after;
            String body = answerFirst(second, user, state, 3, "B");
            assertTrue(body.contains("\"answeredCount\":4"), body);
            assertEquals(404, second.get("/api/exams/" + sid, TestApp.newUser()).status());
        }
    }

    @Test
    void memoryFallbackServesWhileRedisIsDownAndCopiesBackAfterwards() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             TestApp t = new TestApp(redisEnv(redis.url(), "SESSION_STORE_FALLBACK", "memory"))) {
            long user = TestApp.newUser();
            JsonNode state = t.start(user, "pmp-quick", "exam");
            String sid = state.path("sessionId").asText();
            answerFirst(t, user, state, 0, "A");
            assertEquals("UP", health(t).path("status").asText());

            redis.kill();
            answerFirst(t, user, state, 1, "B");
            JsonNode whileDown = t.get("/api/exams/" + sid, user).json();
            assertEquals(2, whileDown.path("answeredCount").asInt());
            assertEquals("DEGRADED", health(t).path("status").asText());
            long version = whileDown.path("version").asLong();

            redis.restart();
            await().atMost(WAIT).until(() -> "UP".equals(health(t).path("status").asText()));
            await().atMost(WAIT).until(() -> redis.jedis().get("exam:session:" + sid) != null);
            JsonNode copied = TestApp.JSON.readTree(redis.jedis().get("exam:session:" + sid));
            assertEquals(version, copied.path("version").asLong());
            assertTrue(redis.jedis().pttl("exam:session:" + sid) > 0, "copied back with its remaining TTL");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void failFallbackRefusesWith503WhileRedisIsDown() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             TestApp t = new TestApp(redisEnv(redis.url(), "SESSION_STORE_FALLBACK", "fail"))) {
            long user = TestApp.newUser();
            JsonNode state = t.start(user, "pmp-quick", "exam");
            String sid = state.path("sessionId").asText();
            redis.kill();
            ApiClient.Response refused = t.put("/api/exams/" + sid + "/answers/" + state.path("questionIds").get(0).asLong(),
                    user, "{\"choice\":\"A\"}");
            assertEquals(503, refused.status(), refused::toString);
            assertEquals("STORE_UNAVAILABLE", refused.code());
            assertNotNull(refused.header("Retry-After"));
            ApiClient.Response read = t.get("/api/exams/" + sid, user);
            assertEquals(503, read.status());

            redis.restart();
            // The restarted Redis is empty: the attempt (in memory here) rebuilds the copy.
            await().atMost(WAIT).until(() -> t.get("/api/exams/" + sid, user).status() == 200);
            JsonNode after = t.get("/api/exams/" + sid, user).json();
            assertEquals(0, after.path("answeredCount").asInt(), "the refused answer changed nothing");
        }
    }

    @Test
    void redisDownAtStartFallsBackAndReconnects() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis.kill();
            try (TestApp t = new TestApp(redisEnv(redis.url(), "SESSION_STORE_FALLBACK", "memory"))) {
                assertEquals("DEGRADED", health(t).path("status").asText());
                long user = TestApp.newUser();
                String sid = t.start(user, "pmp-quick", "practice").path("sessionId").asText();
                redis.restart();
                await().atMost(WAIT).until(() -> "UP".equals(health(t).path("status").asText()));
                await().atMost(WAIT).until(() -> redis.jedis().get("exam:session:" + sid) != null);
            }
        }
    }

    @Test
    void theStartRateLimitIsSharedThroughRedis() {
        String url = TestRedis.uri().toString();
        try (TestApp a = new TestApp(redisEnv(url, "EXAM_START_RATE_LIMIT", "2/m"));
             TestApp b = new TestApp(redisEnv(url, "EXAM_START_RATE_LIMIT", "2/m"))) {
            long user = TestApp.newUser();
            assertEquals(201, a.post("/api/exams/select", user, "{\"examType\":\"pmp\",\"mode\":\"exam\"}").status());
            assertEquals(201, b.post("/api/exams/select", user, "{\"examType\":\"pmp\",\"mode\":\"practice\"}").status());
            ApiClient.Response third = a.post("/api/exams/select", user, "{\"examType\":\"pmp-quick\",\"mode\":\"exam\"}");
            assertEquals(429, third.status(), third::toString);
            assertFalse(third.header("Retry-After").isEmpty());
        }
    }
}
