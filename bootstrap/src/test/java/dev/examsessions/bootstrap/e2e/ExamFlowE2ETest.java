package dev.examsessions.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole exam flow over HTTP against the application on the embedded default. */
class ExamFlowE2ETest {
    private static TestApp t;

    @BeforeAll
    static void start() {
        t = new TestApp(Map.of("EXAM_START_RATE_LIMIT", "1000/m"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static List<Long> questionIds(JsonNode state) {
        List<Long> ids = new ArrayList<>();
        state.path("questionIds").forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    private static String firstOption(JsonNode question) {
        return question.path("options").get(0).path("key").asText();
    }

    @Test
    void takesAWholeTimedExamWithABreak() {
        long user = TestApp.newUser();
        assertEquals(200, t.get("/api/exams/types", user).status());

        ApiClient.Response created = t.post("/api/exams/select", user, "{\"examType\":\"pmp-quick\",\"mode\":\"exam\"}");
        assertEquals(201, created.status(), created::toString);
        JsonNode state = created.json();
        String sid = state.path("sessionId").asText();
        assertTrue(created.header("Location").endsWith("/api/exams/" + sid));
        assertEquals("IN_PROGRESS", state.path("status").asText());
        assertEquals(10, state.path("questionCount").asInt());
        assertEquals(15 * 60_000L, state.path("remainingMs").asLong());
        assertEquals(1, state.path("version").asLong());
        assertFalse(state.path("resumed").asBoolean());
        assertNotNull(state.get("serverTime"));

        ApiClient.Response resumed = t.post("/api/exams/select", user, "{\"examType\":\"pmp-quick\",\"mode\":\"exam\"}");
        assertEquals(200, resumed.status());
        assertEquals(sid, resumed.json().path("sessionId").asText());
        assertTrue(resumed.json().path("resumed").asBoolean());

        JsonNode batch = t.get("/api/exams/" + sid + "/questions?from=1&to=10", user).json();
        assertEquals(10, batch.size());
        for (JsonNode q : batch) {
            assertTrue(q.path("correctChoice").isMissingNode() || q.path("correctChoice").isNull(), q::toString);
            assertTrue(q.path("explanation").isMissingNode() || q.path("explanation").isNull(), q::toString);
        }
        JsonNode q1 = t.get("/api/exams/" + sid + "/questions/1", user).json();
        assertEquals(1, q1.path("position").asInt());

        List<Long> ids = questionIds(state);
        for (int i = 0; i < 5; i++) {
            String choice = firstOption(batch.get(i));
            ApiClient.Response answered = t.put("/api/exams/" + sid + "/answers/" + ids.get(i), user, "{\"choice\":\"" + choice + "\"}");
            assertEquals(200, answered.status(), answered::toString);
            assertEquals(i + 1, answered.json().path("answeredCount").asInt());
            assertEquals(i + 2, answered.json().path("version").asLong());
        }
        // The same answer again changes nothing.
        ApiClient.Response again = t.put("/api/exams/" + sid + "/answers/" + ids.get(0), user,
                "{\"choice\":\"" + firstOption(batch.get(0)) + "\"}");
        assertEquals(200, again.status());
        assertEquals(6, again.json().path("version").asLong());

        assertEquals(422, t.put("/api/exams/" + sid + "/answers/" + ids.get(5), user, "{\"choice\":\"Z\"}").status());

        JsonNode pause = t.get("/api/exams/" + sid + "/pause/status", user).json();
        assertFalse(pause.path("paused").asBoolean());
        assertTrue(pause.path("canPause").asBoolean());
        assertEquals(5, pause.path("nextCheckpoint").asInt());

        ApiClient.Response started = t.post("/api/exams/" + sid + "/pause/start", user, "{\"checkpoint\":5}");
        assertEquals(200, started.status(), started::toString);
        assertTrue(started.json().path("paused").asBoolean());
        ApiClient.Response paused = t.put("/api/exams/" + sid + "/answers/" + ids.get(6), user, "{\"choice\":\"A\"}");
        assertEquals(409, paused.status());
        assertEquals("EXAM_PAUSED", paused.code());
        assertEquals(started.json().path("pauseUntil").asLong(), paused.json().path("pauseUntil").asLong());
        assertEquals("EXAM_PAUSED", t.get("/api/exams/" + sid + "/questions/7", user).code());

        t.clock.advance(Duration.ofSeconds(30));
        ApiClient.Response ended = t.post("/api/exams/" + sid + "/pause/end", user, null);
        assertEquals(200, ended.status(), ended::toString);
        assertFalse(ended.json().path("paused").asBoolean());
        JsonNode afterBreak = t.get("/api/exams/" + sid, user).json();
        // 30 s of the break were used: the deadline moved by exactly that much.
        assertEquals(state.path("deadline").asLong() + 30_000, afterBreak.path("deadline").asLong());
        assertEquals(5, afterBreak.path("lockedThrough").asInt());

        ApiClient.Response locked = t.put("/api/exams/" + sid + "/answers/" + ids.get(1), user, "{\"choice\":null}");
        assertEquals(409, locked.status());
        assertEquals("SECTION_LOCKED", locked.code());

        ApiClient.Response flagged = t.put("/api/exams/" + sid + "/flags/" + ids.get(7), user, "{\"flagged\":true}");
        assertEquals(200, flagged.status(), flagged::toString);
        assertTrue(flagged.json().path("flagged").asBoolean());

        long version = flagged.json().path("version").asLong();
        ApiClient.Response stale = t.send(t.req("/api/exams/" + sid + "/answers/" + ids.get(8), user)
                .header("Content-Type", "application/json").header("If-Match", "\"" + (version - 1) + "\"")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        assertEquals(412, stale.status());
        assertEquals("VERSION_MISMATCH", stale.code());
        ApiClient.Response fresh = t.send(t.req("/api/exams/" + sid + "/answers/" + ids.get(8), user)
                .header("Content-Type", "application/json").header("If-Match", "\"" + version + "\"")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"choice\":\"A\"}")));
        assertEquals(200, fresh.status(), fresh::toString);
        ApiClient.Response cleared = t.put("/api/exams/" + sid + "/answers/" + ids.get(8), user, "{\"choice\":null}");
        assertEquals(200, cleared.status());
        assertEquals(5, cleared.json().path("answeredCount").asInt());

        ApiClient.Response submitted = t.post("/api/exams/" + sid + "/submit", user, null);
        assertEquals(200, submitted.status(), submitted::toString);
        JsonNode result = submitted.json();
        assertEquals("SUBMITTED", result.path("status").asText());
        assertEquals(10, result.path("total").asInt());
        assertTrue(result.path("byDomain").size() >= 1);
        assertEquals(200, t.post("/api/exams/" + sid + "/submit", user, null).status());

        JsonNode review = t.get("/api/exams/" + sid + "/review", user).json();
        assertEquals(10, review.size());
        assertFalse(review.get(0).path("correctChoice").asText().isEmpty());
        assertFalse(review.get(0).path("explanation").asText().isEmpty());

        JsonNode finished = t.get("/api/exams/" + sid, user).json();
        assertEquals("SUBMITTED", finished.path("status").asText());
        assertTrue(finished.path("expiresAt").isNull());
        assertEquals("EXAM_FINISHED", t.put("/api/exams/" + sid + "/answers/" + ids.get(9), user, "{\"choice\":\"A\"}").code());
        assertEquals("EXAM_FINISHED", t.post("/api/exams/" + sid + "/extend", user, "{\"minutes\":60}").code());

        JsonNode history = t.get("/api/exams/history?limit=5", user).json();
        assertEquals(sid, history.path("items").get(0).path("sessionId").asText());
        assertEquals(0, t.get("/api/exams/active", user).json().size());
    }

    @Test
    void historyCursorPagesThroughExamsFinishedInTheSameMillisecond() {
        long user = TestApp.newUser();
        // the clock stands still: all five exams finish in the same millisecond
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sid = t.start(user, "pmp-quick", i % 2 == 0 ? "exam" : "practice").path("sessionId").asText();
            assertEquals(200, t.post("/api/exams/" + sid + "/submit", user, null).status());
            started.add(sid);
        }
        List<String> newestFirst = new ArrayList<>(started);
        java.util.Collections.reverse(newestFirst); // same instant: the later attempt id first

        for (int limit : List.of(1, 2, 5)) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                ApiClient.Response r = t.get("/api/exams/history?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), user);
                assertEquals(200, r.status(), r::toString);
                JsonNode page = r.json();
                page.path("items").forEach(item -> seen.add(item.path("sessionId").asText()));
                cursor = page.path("next").isNull() ? null : page.path("next").asText();
            } while (cursor != null && seen.size() <= started.size());
            assertEquals(newestFirst, seen, "every exam once, newest first, limit " + limit);
        }

        String next = t.get("/api/exams/history?limit=2", user).json().path("next").asText();
        String tampered = next.substring(0, 3) + (next.charAt(3) == 'x' ? 'y' : 'x') + next.substring(4);
        ApiClient.Response refused = t.get("/api/exams/history?limit=2&cursor=" + tampered, user);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("BAD_REQUEST", refused.code());
        assertTrue(refused.json().path("detail").asText().contains("cursor"), refused::toString);
        ApiClient.Response before = t.get("/api/exams/history?before=" + t.clock.instant().toEpochMilli(), user);
        assertEquals(400, before.status(), before::toString);
        assertTrue(before.json().path("detail").asText().contains("'cursor'"), before::toString);
    }

    @Test
    void practiceRevealsCorrectnessAndHasNoTimer() {
        long user = TestApp.newUser();
        ApiClient.Response r = t.post("/api/exams/select", user, "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":3}");
        assertEquals(201, r.status(), r::toString);
        JsonNode state = r.json();
        assertEquals(3, state.path("questionCount").asInt());
        assertTrue(state.path("deadline").isNull());
        assertTrue(state.path("remainingMs").isNull());
        assertTrue(state.path("pausePolicy").isNull());
        String sid = state.path("sessionId").asText();
        long qid = state.path("questionIds").get(0).asLong();
        JsonNode answer = t.put("/api/exams/" + sid + "/answers/" + qid, user, "{\"choice\":\"A\"}").json();
        assertTrue(answer.has("correct"));
        assertFalse(answer.path("correctChoice").asText().isEmpty());
        assertFalse(answer.path("explanation").asText().isEmpty());
        assertEquals("INVALID_CHECKPOINT", t.post("/api/exams/" + sid + "/pause/start", user, "{\"checkpoint\":60}").code());
        t.clock.advance(Duration.ofDays(2));
        assertEquals(200, t.put("/api/exams/" + sid + "/answers/" + qid, user, "{\"choice\":\"B\"}").status());
        assertEquals(204, t.delete("/api/exams/" + sid, user).status());
    }

    @Test
    void timeRunningOutFinalizesTheExam() {
        long user = TestApp.newUser();
        JsonNode state = t.start(user, "pmp", "exam");
        String sid = state.path("sessionId").asText();
        long qid = state.path("questionIds").get(0).asLong();
        assertEquals(200, t.put("/api/exams/" + sid + "/answers/" + qid, user, "{\"choice\":\"A\"}").status());
        t.clock.advance(Duration.ofMinutes(231));
        ApiClient.Response late = t.put("/api/exams/" + sid + "/answers/" + state.path("questionIds").get(1).asLong(), user,
                "{\"choice\":\"A\"}");
        assertEquals(409, late.status());
        assertEquals("TIME_EXPIRED", late.code());
        JsonNode after = t.get("/api/exams/" + sid, user).json();
        assertEquals("TIMED_OUT", after.path("status").asText());
        assertEquals(1, after.path("answeredCount").asInt());
        ApiClient.Response submit = t.post("/api/exams/" + sid + "/submit", user, null);
        assertEquals(200, submit.status());
        assertEquals("TIMED_OUT", submit.json().path("status").asText());
    }

    @Test
    void theSweepFinalizesAnAbandonedTimer() {
        long user = TestApp.newUser();
        String sid = t.start(user, "pmp-quick", "exam").path("sessionId").asText();
        t.clock.advance(Duration.ofMinutes(16));
        assertTrue(t.app.sweepOverdue() >= 1);
        JsonNode after = t.get("/api/exams/" + sid, user).json();
        assertEquals("TIMED_OUT", after.path("status").asText());
        assertEquals(10, after.path("result").path("total").asInt());
    }

    @Test
    void deleteAbandonsAndIsIdempotent() {
        long user = TestApp.newUser();
        String sid = t.start(user, "pmp-quick", "practice").path("sessionId").asText();
        assertEquals(204, t.delete("/api/exams/" + sid, user).status());
        assertEquals(204, t.delete("/api/exams/" + sid, user).status());
        assertEquals("ABANDONED", t.get("/api/exams/" + sid, user).json().path("status").asText());
        // A new exam of the same type and mode may start now.
        assertEquals(201, t.post("/api/exams/select", user, "{\"examType\":\"pmp-quick\",\"mode\":\"practice\"}").status());
    }

    @Test
    void extendSetsTheCopysTtl() {
        long user = TestApp.newUser();
        String sid = t.start(user, "pmp-quick", "exam").path("sessionId").asText();
        ApiClient.Response r = t.post("/api/exams/" + sid + "/extend", user, "{\"minutes\":180}");
        assertEquals(200, r.status(), r::toString);
        assertEquals(t.clock.millis() + 180 * 60_000L, r.json().path("expiresAt").asLong());
        assertEquals("INVALID_EXTENSION", t.post("/api/exams/" + sid + "/extend", user, "{\"minutes\":0}").code());
        assertEquals(200, t.post("/api/exams/" + sid + "/extend", user, null).status());
    }

    @Test
    void activeListsOpenAttemptsNewestFirst() {
        long user = TestApp.newUser();
        String first = t.start(user, "pmp-quick", "exam").path("sessionId").asText();
        t.clock.advance(Duration.ofSeconds(1));
        String second = t.start(user, "pmp-quick", "practice").path("sessionId").asText();
        JsonNode active = t.get("/api/exams/active", user).json();
        assertEquals(2, active.size());
        assertEquals(second, active.get(0).path("sessionId").asText());
        assertEquals(first, active.get(1).path("sessionId").asText());
    }

    @Test
    void healthMetricsAndOpenApiAnswer() {
        ApiClient.Response health = t.send(java.net.http.HttpRequest.newBuilder(t.uri("/health")).GET());
        assertEquals(200, health.status());
        assertEquals("UP", health.json().path("status").asText());
        assertEquals("memory", health.json().path("sessionStore").path("backend").asText());
        String metrics = t.send(java.net.http.HttpRequest.newBuilder(t.uri("/metrics")).GET()).body();
        assertTrue(metrics.contains("exam_sessions_active"), metrics);
        assertFalse(metrics.contains("/api/exams/s-"), "metrics must be tagged by route template, not raw path");
        ApiClient.Response openapi = t.send(java.net.http.HttpRequest.newBuilder(t.uri("/openapi.json")).GET());
        assertEquals("3.1.0", openapi.json().path("openapi").asText());
    }
}
