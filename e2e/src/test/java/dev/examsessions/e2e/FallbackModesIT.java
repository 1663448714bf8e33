package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 7, one instance each: {@code SESSION_STORE_FALLBACK=fail} answers 503 {@code STORE_UNAVAILABLE} with
 * {@code Retry-After} while Redis is down and changes nothing; {@code memory} (the seed's Redis-only set-up)
 * serves the exam from memory while Redis is down and copies it back into Redis, with its version, when Redis
 * is back.
 */
class FallbackModesIT {

    @Test
    void failModeRefusesWhileRedisIsDown() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("fallback-fail",
                     E2e.redisAndDatabase(redis, db, "SESSION_STORE_FALLBACK", "fail"))) {
            Api api = Api.of(app);
            Exam exam = answeredThenRedisKilled(api, redis, "C");
            // the first request after the kill is a write: nobody has noticed the outage yet
            ApiClient.Response firstWrite = api.answer(exam.user, exam.sid, exam.q.get(3), "D");
            ApiClient.Response read = api.state(exam.user, exam.sid);
            ApiClient.Response write = api.answer(exam.user, exam.sid, exam.q.get(4), "D");
            ApiClient.Response start = api.post(exam.user, "/api/exams/select", "{\"examType\":\"pmp\",\"mode\":\"exam\"}");
            ApiClient.Response health = api.health();

            redis.restart();
            long restarted = System.nanoTime();
            ApiClient.Response[] firstServed = new ApiClient.Response[1];
            await("served again after Redis is back").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        firstServed[0] = api.state(exam.user, exam.sid);
                        return firstServed[0].status() == 200;
                    });
            long backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
            JsonNode after = firstServed[0].json();
            ApiClient.Response active = api.get(exam.user, "/api/exams/active");
            // what must be stored: the answers acknowledged, whatever the outcome of the first write
            Map<Long, String> expected = new TreeMap<>(exam.acked);
            if (firstWrite.status() == 200) {
                expected.put(exam.q.get(3), "D");
            }
            if (write.status() == 200) {
                expected.put(exam.q.get(4), "D");
            }

            E2e.figure(String.format("fallback=fail: Redis down → first write %d%s, then read %d%s, write %d%s,"
                            + " start %d%s, Retry-After %s, health %d %s; after Redis is back (served again in %d ms,"
                            + " recovered=%s): answers %d (acknowledged %d), version %d, open attempts %d",
                    firstWrite.status(), codeOf(firstWrite), read.status(), codeOf(read), write.status(),
                    codeOf(write), start.status(), codeOf(start), write.header("Retry-After"), health.status(),
                    health.json().path("status").asText(), backMs, after.path("recovered").asBoolean(),
                    E2e.answers(after).size(), expected.size(), after.path("version").asLong(),
                    active.json().size()));

            assertEquals(expected, E2e.answers(after), "acknowledged answers kept, refused ones changed nothing");
            assertEquals(1 + expected.size(), after.path("version").asLong());
            assertEquals(1, active.json().size(), () -> "the refused start created nothing: " + active);
            for (ApiClient.Response r : List.of(firstWrite, read, write, start)) {
                assertEquals(503, r.status(), () -> "SESSION_STORE_FALLBACK=fail with Redis down: " + r);
                assertEquals("STORE_UNAVAILABLE", r.code(), r::toString);
                assertNotNull(r.header("Retry-After"), () -> "Retry-After on " + r);
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1, r.header("Retry-After"));
            }
        }
    }

    /** A new user's quick exam with its first three questions answered {@code choice}; then Redis is killed. */
    private static Exam answeredThenRedisKilled(Api api, RedisServerProcess redis, String choice) {
        Exam exam = Exam.start(api, User.random(), "pmp-quick");
        exam.answer(api, 0, 3, choice);
        redis.kill();
        return exam;
    }

    private static String codeOf(ApiClient.Response r) {
        return r.status() == 200 ? "" : " " + r.code();
    }

    @Test
    void memoryModeServesFromMemoryAndCopiesBack() {
        try (RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("fallback-memory",
                     E2e.redisOnly(redis, "SESSION_STORE_FALLBACK", "memory"))) {
            Api api = Api.of(app);
            Exam exam = answeredThenRedisKilled(api, redis, "A");
            long lastVersion = 0;
            for (int i = 3; i < 7; i++) {
                ApiClient.Response r = api.answer(exam.user, exam.sid, exam.q.get(i), "B");
                assertEquals(200, r.status(), () -> r + "\n" + app.logTail());
                exam.acked.put(exam.q.get(i), "B");
                lastVersion = r.json().path("version").asLong();
            }
            ApiClient.Response during = api.state(exam.user, exam.sid);
            assertEquals(200, during.status(), during::toString);
            assertEquals(exam.acked, E2e.answers(during.json()), "served from memory while Redis is down");
            ApiClient.Response healthDuring = api.health();
            assertFalse(redis.answersPing());

            redis.restart();
            long restarted = System.nanoTime();
            // no request: the reconnect copies the memory copy into Redis by itself
            await("the session is copied back into Redis").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).ignoreException(JedisConnectionException.class)
                    .until(() -> SessionKeys.json(redis, exam.sid) != null);
            long copiedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
            JsonNode copied = E2e.parse(SessionKeys.json(redis, exam.sid));
            long pttl = SessionKeys.pttl(redis, exam.sid);
            assertEquals(lastVersion, copied.path("version").asLong(), "the copy keeps its version");
            assertEquals(exam.acked, E2e.answers(copied), "the copy has every answer");
            assertTrue(pttl > 0, "the copy has a TTL");

            JsonNode after = api.state(exam.user, exam.sid).json();
            assertFalse(after.path("recovered").asBoolean(), "served from Redis again: " + after);
            assertEquals(lastVersion, after.path("version").asLong());
            ApiClient.Response next = api.answer(exam.user, exam.sid, exam.q.get(7), "C");
            assertEquals(200, next.status(), next::toString);
            assertEquals(lastVersion + 1, E2e.parse(SessionKeys.json(redis, exam.sid)).path("version").asLong(),
                    "writes go to Redis again");

            E2e.figure(String.format("fallback=memory (redis only): Redis down → 4 answers 200, read 200 with %d/%d"
                            + " answers, health %s; key back in Redis %d ms after the restart without a request, version"
                            + " %d (last acknowledged %d), answers %d/%d, ttl %ds; next write lands in Redis (version %d)",
                    E2e.answers(during.json()).size(), exam.acked.size(), healthDuring.json().path("status").asText(),
                    copiedMs, copied.path("version").asLong(), lastVersion, E2e.answers(copied).size(),
                    exam.acked.size(), pttl / 1000, lastVersion + 1));
        }
    }
}
