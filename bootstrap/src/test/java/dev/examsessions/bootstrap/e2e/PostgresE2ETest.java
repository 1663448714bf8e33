package dev.examsessions.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TcpProxy;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.TestRedis;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application with the attempt record in PostgreSQL and session copies in Redis. */
class PostgresE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestDatabase database;
    private static TestApp t;
    private static RedisClient redis;

    private static Map<String, String> env(String databaseUrl, String redisUrl, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("USE_REDIS", "true", "REDIS_URL", redisUrl,
                "DATABASE_URL", databaseUrl, "EXAM_START_RATE_LIMIT", "1000/m"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        t = new TestApp(env(database.url(), TestRedis.uri().toString()));
        redis = TestRedis.newClient();
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static JsonNode health(TestApp app) {
        return app.send(HttpRequest.newBuilder(app.uri("/health")).GET()).json();
    }

    /** Starts a pmp-quick exam and gives it 5 answers, one flag and a break taken and ended. */
    private static JsonNode busyExam(long user) {
        JsonNode state = t.start(user, "pmp-quick", "exam");
        String sid = state.path("sessionId").asText();
        for (int i = 0; i < 5; i++) {
            long q = state.path("questionIds").get(i).asLong();
            assertEquals(200, t.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"B\"}").status());
        }
        long flagged = state.path("questionIds").get(7).asLong();
        assertEquals(200, t.put("/api/exams/" + sid + "/flags/" + flagged, user, "{\"flagged\":true}").status());
        assertEquals(200, t.post("/api/exams/" + sid + "/pause/start", user, "{\"checkpoint\":5}").status());
        t.clock.advance(Duration.ofSeconds(20));
        assertEquals(200, t.post("/api/exams/" + sid + "/pause/end", user, null).status());
        return t.get("/api/exams/" + sid, user).json();
    }

    private static void assertSameExam(JsonNode expected, JsonNode actual) {
        for (String field : List.of("sessionId", "attemptId", "questionIds", "answers", "flagged", "pauses", "deadline",
                "startedAt", "version", "lockedThrough", "status")) {
            assertEquals(expected.path(field), actual.path(field), field);
        }
    }

    @Test
    void aDeletedCopyIsRebuiltFromTheAttemptWithEveryAnswer() {
        long user = TestApp.newUser();
        JsonNode before = busyExam(user);
        assertEquals(9, before.path("version").asLong());
        String sid = before.path("sessionId").asText();
        assertEquals(1, redis.del("exam:session:" + sid));

        JsonNode rebuilt = t.get("/api/exams/" + sid, user).json();
        assertSameExam(before, rebuilt);
        assertTrue(rebuilt.path("recovered").asBoolean());
        assertNotNull(redis.get("exam:session:" + sid), "the copy is written back");
        assertTrue(redis.ttl("exam:session:" + sid) > 0);
        assertTrue(!t.get("/api/exams/" + sid, user).json().path("recovered").asBoolean());
    }

    @Test
    void anUnreadableCopyIsRebuiltToo() {
        long user = TestApp.newUser();
        JsonNode before = busyExam(user);
        String sid = before.path("sessionId").asText();
        redis.psetex("exam:session:" + sid, 60_000, "{not json");
        JsonNode rebuilt = t.get("/api/exams/" + sid, user).json();
        assertSameExam(before, rebuilt);
        assertTrue(rebuilt.path("recovered").asBoolean());
    }

    @Test
    void aForeignUserDoesNotTriggerARebuild() {
        long user = TestApp.newUser();
        String sid = t.start(user, "pmp-quick", "exam").path("sessionId").asText();
        redis.del("exam:session:" + sid);
        assertEquals(404, t.get("/api/exams/" + sid, TestApp.newUser()).status());
        assertEquals(null, redis.get("exam:session:" + sid));
    }

    @Test
    void tenParallelSelectsMakeOneAttempt() throws Exception {
        long user = TestApp.newUser();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<ApiClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> t.post("/api/exams/select", user, "{\"examType\":\"pmp\",\"mode\":\"exam\"}")));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<ApiClient.Response> f : calls) {
                ApiClient.Response r = f.get();
                assertTrue(r.status() == 201 || r.status() == 200, r::toString);
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().path("sessionId").asText());
            }
            assertEquals(1, ids.size());
            assertEquals(1, created);
            assertEquals(1, t.get("/api/exams/active", user).json().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAnswersFromTwoInstancesAreAllRecorded() throws Exception {
        long user = TestApp.newUser();
        JsonNode state = t.start(user, "pmp", "exam");
        String sid = state.path("sessionId").asText();
        try (TestApp other = new TestApp(env(database.url(), TestRedis.uri().toString()))) {
            other.clock.advance(Duration.between(other.clock.instant(), t.clock.instant()));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> work = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    int base = thread * 10;
                    TestApp app = thread % 2 == 0 ? t : other;
                    work.add(() -> {
                        int ok = 0;
                        for (int i = 0; i < 10; i++) {
                            long q = state.path("questionIds").get(base + i).asLong();
                            ok += app.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"C\"}").status() == 200 ? 1 : 0;
                        }
                        return ok;
                    });
                }
                int acknowledged = 0;
                for (Future<Integer> f : pool.invokeAll(work)) {
                    acknowledged += f.get();
                }
                assertEquals(80, acknowledged);
            } finally {
                pool.shutdownNow();
            }
            JsonNode after = other.get("/api/exams/" + sid, user).json();
            assertEquals(80, after.path("answeredCount").asInt());
            assertEquals(81, after.path("version").asLong());
            redis.del("exam:session:" + sid);
            JsonNode fromAttempt = t.get("/api/exams/" + sid, user).json();
            assertEquals(80, fromAttempt.path("answeredCount").asInt());
            assertEquals(81, fromAttempt.path("version").asLong());
        }
    }

    @Test
    void aFinishedExamStaysReadableWithoutItsCopy() throws Exception {
        long user = TestApp.newUser();
        JsonNode state = t.start(user, "pmp-quick", "practice");
        String sid = state.path("sessionId").asText();
        assertEquals(200, t.post("/api/exams/" + sid + "/submit", user, null).status());
        String key = "exam:session:" + sid;
        assertEquals("SUBMITTED", TestApp.JSON.readTree(redis.get(key)).path("status").asText(),
                "the finished state replaces the copy");
        long pttl = redis.pttl(key);
        assertTrue(pttl > 0 && pttl <= SessionPort.GUARD_TTL.toMillis(), "for the guard TTL only: " + pttl);
        redis.del(key);
        JsonNode finished = t.get("/api/exams/" + sid, user).json();
        assertEquals("SUBMITTED", finished.path("status").asText());
        assertEquals(10, t.get("/api/exams/" + sid + "/review", user).json().size());
        assertEquals(sid, t.get("/api/exams/history", user).json().path("items").get(0).path("sessionId").asText());
    }

    @Test
    void databaseFallbackRebuildsEveryReadWhileRedisIsDown() {
        try (RedisServerProcess own = RedisServerProcess.start();
             TestApp app = new TestApp(env(database.url(), own.url()))) {
            long user = TestApp.newUser();
            JsonNode state = app.start(user, "pmp-quick", "exam");
            String sid = state.path("sessionId").asText();
            own.kill();
            long q = state.path("questionIds").get(0).asLong();
            assertEquals(200, app.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"A\"}").status());
            JsonNode read = app.get("/api/exams/" + sid, user).json();
            assertEquals(1, read.path("answeredCount").asInt());
            assertTrue(read.path("recovered").asBoolean());
            assertEquals("DEGRADED", health(app).path("status").asText());
            own.restart();
            await().atMost(WAIT).until(() -> "UP".equals(health(app).path("status").asText()));
            app.get("/api/exams/" + sid, user);
            assertNotNull(own.jedis().get("exam:session:" + sid));
        }
    }

    @Test
    void postgresOutageRefusesChangesAndRecoversWithoutARestart() throws Exception {
        try (TcpProxy proxy = TcpProxy.to(database.host(), database.port());
             TestApp app = new TestApp(env(database.url("127.0.0.1", proxy.port()), TestRedis.uri().toString()))) {
            long user = TestApp.newUser();
            JsonNode state = app.start(user, "pmp-quick", "exam");
            String sid = state.path("sessionId").asText();
            long q = state.path("questionIds").get(0).asLong();

            proxy.cut();
            ApiClient.Response refused = app.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"A\"}");
            assertEquals(503, refused.status(), refused::toString);
            assertEquals("STORE_UNAVAILABLE", refused.code());
            assertNotNull(refused.header("Retry-After"));
            ApiClient.Response read = app.get("/api/exams/" + sid, user);
            assertEquals(200, read.status(), "reads of a live exam keep working from the copy");
            assertEquals(0, read.json().path("answeredCount").asInt());
            ApiClient.Response down = app.send(HttpRequest.newBuilder(app.uri("/health")).GET());
            assertEquals(503, down.status());
            assertEquals("DOWN", down.json().path("status").asText());

            proxy.resume();
            await().atMost(WAIT).until(() ->
                    app.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"A\"}").status() == 200);
            assertEquals(1, app.get("/api/exams/" + sid, user).json().path("answeredCount").asInt());
            assertEquals("UP", health(app).path("status").asText());
        }
    }
}
