package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 4: with a short {@code SESSION_TTL} the session copy expires, and separately Redis is flushed
 * ({@code FLUSHALL}): the next request, a read or a write, rebuilds the session from the attempt with every
 * answer ({@code recovered: true} on a read). A finished exam stays readable after its copy is gone.
 */
class ExpiryAndFlushIT {
    private static final Duration TTL = Duration.ofSeconds(2);

    @Test
    void expiredAndFlushedSessionsAreRebuilt() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("expiry", E2e.redisAndDatabase(redis, db, "SESSION_TTL", "2s"))) {
            Api api = Api.of(app);

            // expiry, next request a read
            User reader = User.random();
            Exam first = Exam.start(api, reader, "pmp-quick");
            first.answer(api, 0, 5);
            long expiredAfterMs = awaitGone(redis, first.sid);
            JsonNode rebuilt = api.state(reader, first.sid).json();
            assertTrue(rebuilt.path("recovered").asBoolean(), rebuilt::toString);
            assertEquals(first.acked, E2e.answers(rebuilt), "answers after expiry");
            assertEquals(1 + 5, rebuilt.path("version").asLong());
            assertTrue(SessionKeys.exists(redis, first.sid), "the read put the copy back");
            long pttl = SessionKeys.pttl(redis, first.sid);
            assertTrue(pttl > 0 && pttl <= TTL.toMillis(), "fresh TTL " + pttl);

            // expiry, next request a write
            User writer = User.random();
            Exam second = Exam.start(api, writer, "pmp");
            second.answer(api, 0, 5);
            awaitGone(redis, second.sid);
            second.answer(api, 5, 1);
            JsonNode afterWrite = api.state(writer, second.sid).json();
            assertEquals(second.acked, E2e.answers(afterWrite), "answers after a write on an expired session");
            assertEquals(1 + 6, afterWrite.path("version").asLong());

            // FLUSHALL
            first.answer(api, 5, 2);
            flushAll(redis);
            JsonNode afterFlush = api.state(reader, first.sid).json();
            assertTrue(afterFlush.path("recovered").asBoolean(), afterFlush::toString);
            assertEquals(first.acked, E2e.answers(afterFlush), "answers after FLUSHALL");
            assertEquals(1 + 7, afterFlush.path("version").asLong());
            flushAll(redis);
            second.answer(api, 6, 1);
            assertEquals(second.acked, E2e.answers(api.state(writer, second.sid).json()),
                    "answers after a write on a flushed session");

            // a finished exam stays readable: after FLUSHALL and after the TTL
            ApiClient.Response submit = api.submit(reader, first.sid);
            assertEquals(200, submit.status(), submit::toString);
            flushAll(redis);
            JsonNode finished = api.state(reader, first.sid).json();
            assertEquals("SUBMITTED", finished.path("status").asText(), finished::toString);
            assertEquals(first.acked, E2e.answers(finished));
            assertEquals(10, finished.path("result").path("total").asInt(), finished::toString);
            ApiClient.Response submitAgain = api.submit(reader, first.sid);
            assertEquals(200, submitAgain.status(), submitAgain::toString);
            // whether or not the finished exam has a copy now, it must stay readable once the copy is gone
            awaitGone(redis, first.sid);
            JsonNode stillReadable = api.state(reader, first.sid).json();
            assertEquals("SUBMITTED", stillReadable.path("status").asText(), stillReadable::toString);
            ApiClient.Response review = api.get(reader, "/api/exams/" + first.sid + "/review");
            assertEquals(200, review.status(), review::toString);
            assertEquals(10, review.json().size());
            ApiClient.Response history = api.get(reader, "/api/exams/history");
            assertTrue(history.body().contains(first.sid), history::toString);
            ApiClient.Response changeFinished = api.answer(reader, first.sid, first.q.get(9), "A");
            assertEquals(409, changeFinished.status(), changeFinished::toString);
            assertEquals("EXAM_FINISHED", changeFinished.code());
            assertFalse(stillReadable.path("result").isNull());

            E2e.figure(String.format("expiry and flush (SESSION_TTL=2s): key gone %d ms after the last write; next"
                            + " read recovered=%s answers %d/%d version %d; next write after expiry 200, answers %d/%d;"
                            + " after FLUSHALL recovered=%s answers %d/%d; finished exam after FLUSHALL and TTL: %s,"
                            + " result %d/%d, review %d items, change 409 %s",
                    expiredAfterMs, rebuilt.path("recovered").asBoolean(), E2e.answers(rebuilt).size(), 5,
                    rebuilt.path("version").asLong(), E2e.answers(afterWrite).size(), 6,
                    afterFlush.path("recovered").asBoolean(), E2e.answers(afterFlush).size(), first.acked.size(),
                    stillReadable.path("status").asText(), stillReadable.path("result").path("correct").asInt(),
                    stillReadable.path("result").path("total").asInt(), review.json().size(), changeFinished.code()));
        }
    }

    private static void flushAll(RedisServerProcess redis) {
        assertEquals("OK", redis.cli("FLUSHALL").trim());
    }

    /** Waits until the key is gone and returns the milliseconds it took. */
    private static long awaitGone(RedisServerProcess redis, String sid) {
        long start = System.nanoTime();
        await("session key expires").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !SessionKeys.exists(redis, sid));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
