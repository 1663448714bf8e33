package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 1, the seed's manual test: start an exam, answer 10, {@code kill -9} the app, start it again — the
 * session, its answers and its TTL are intact. Once with Redis + PostgreSQL, once with Redis only.
 */
class RestartIT {

    @Test
    void killAndRestartWithRedisAndDatabase() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start()) {
            restart("redis+pg", E2e.redisAndDatabase(redis, db), redis, true);
        }
    }

    @Test
    void killAndRestartWithRedisOnly() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            restart("redis-only", E2e.redisOnly(redis), redis, false);
        }
    }

    private void restart(String label, Map<String, String> env, RedisServerProcess redis, boolean database) {
        User user = User.random();
        try (AppProcess first = AppProcess.start("restart-" + label, env)) {
            Api api = Api.of(first);
            Exam exam = Exam.start(api, user, "pmp");
            exam.answer(api, 0, 10);
            String sid = exam.sid;
            Map<Long, String> acknowledged = exam.acked;
            JsonNode before = api.state(user, sid).json();
            long version = before.path("version").asLong();
            assertEquals(11, version, "1 at start + 10 answers");
            long expireBefore = SessionKeys.pexpiretime(redis, sid);
            long pttlBefore = SessionKeys.pttl(redis, sid);
            assertEquals(expireBefore, before.path("expiresAt").asLong(), "expiresAt is the key's expiry");

            first.kill9();
            assertFalse(first.isAlive());

            try (AppProcess second = first.startAnother("restart-" + label + "-again")) {
                api = Api.of(second);
                ApiClient.Response read = api.state(user, sid);
                assertEquals(200, read.status(), () -> read + "\n" + second.logTail());
                JsonNode after = read.json();
                long pttlAfter = SessionKeys.pttl(redis, sid);
                long expireAfter = SessionKeys.pexpiretime(redis, sid);
                long intact = acknowledged.size() - E2e.missing(acknowledged, E2e.answers(after));

                assertEquals(acknowledged, E2e.answers(after), "answers after the restart");
                assertEquals(version, after.path("version").asLong(), "version after the restart");
                assertEquals(before.path("questionIds"), after.path("questionIds"));
                assertEquals(before.path("deadline").asLong(), after.path("deadline").asLong());
                assertEquals("IN_PROGRESS", after.path("status").asText());
                assertEquals(expireBefore, expireAfter, "the key keeps its expiry time across the restart");
                assertEquals(expireBefore, after.path("expiresAt").asLong());
                assertTrue(pttlAfter > 0 && pttlAfter <= pttlBefore, "PTTL " + pttlBefore + " then " + pttlAfter);

                // the exam goes on where it stopped, and a write keeps the remaining TTL
                ApiClient.Response eleventh = api.answer(user, sid, exam.q.get(10), "B");
                assertEquals(200, eleventh.status(), () -> eleventh + "\n" + second.logTail());
                assertEquals(version + 1, eleventh.json().path("version").asLong());
                assertEquals(expireBefore, SessionKeys.pexpiretime(redis, sid), "a write after the restart keeps the TTL");
                if (database) {
                    ApiClient.Response active = api.get(user, "/api/exams/active");
                    assertEquals(200, active.status(), active::toString);
                    assertTrue(active.body().contains(sid), () -> "open attempts after the restart: " + active);
                }
                ApiClient.Response submit = api.submit(user, sid);
                assertEquals(200, submit.status(), () -> submit + "\n" + second.logTail());
                assertEquals("SUBMITTED", submit.json().path("status").asText());
                assertEquals(180, submit.json().path("total").asInt());

                E2e.figure(String.format("restart %s: kill -9 then start again: answers %d/%d intact, version %d→%d,"
                                + " ttl before %ds after %ds (PEXPIRETIME unchanged), recovered=%s, 11th answer and"
                                + " submit 200", label, intact, acknowledged.size(), version,
                        after.path("version").asLong(), pttlBefore / 1000, pttlAfter / 1000,
                        after.path("recovered").asBoolean()));
            }
        }
    }
}
