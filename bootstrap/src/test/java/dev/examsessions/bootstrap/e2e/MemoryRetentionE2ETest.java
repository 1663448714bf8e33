package dev.examsessions.bootstrap.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded memory on the embedded default, over HTTP: retention, the cap and the idle rule, with their log lines. */
class MemoryRetentionE2ETest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger sessionManagerLog = (Logger) LoggerFactory.getLogger("SessionManager");
    private TestApp t;

    @BeforeEach
    void start() {
        logs.start();
        sessionManagerLog.addAppender(logs);
        t = new TestApp(Map.of("MEMORY_ATTEMPT_RETENTION", "2d", "MEMORY_ATTEMPT_MAX", "3", "SESSION_TTL", "6h",
                "EXAM_START_RATE_LIMIT", "1000/m"));
    }

    @AfterEach
    void stop() {
        t.close();
        sessionManagerLog.detachAppender(logs);
    }

    private List<String> history(long user) {
        List<String> ids = new ArrayList<>();
        t.get("/api/exams/history?limit=100", user).json().path("items")
                .forEach(item -> ids.add(item.path("sessionId").asText()));
        return ids;
    }

    @Test
    void finishedExamsAreKeptForTheRetentionAndUpToTheCapOldestFirst() {
        long user = TestApp.newUser();
        List<String> finished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sid = t.start(user, "pmp-quick", "exam").path("sessionId").asText();
            assertEquals(200, t.post("/api/exams/" + sid + "/submit", user, null).status());
            finished.add(sid);
            t.clock.advance(Duration.ofMinutes(1));
        }
        List<String> newestThree = new ArrayList<>(finished.subList(2, 5));
        Collections.reverse(newestThree);
        assertEquals(newestThree, history(user), "MEMORY_ATTEMPT_MAX=3 keeps the newest three");
        // the finished session copy (SessionPort.GUARD_TTL) answers reads a little longer than the attempt
        t.clock.advance(SessionPort.GUARD_TTL);
        assertEquals(404, t.get("/api/exams/" + finished.get(0), user).status(), "the oldest result is gone");
        assertEquals(200, t.get("/api/exams/" + finished.get(4) + "/review", user).status());

        t.clock.advance(Duration.ofDays(2));
        t.app.cleanUpMemory();
        assertEquals(List.of(), history(user), "MEMORY_ATTEMPT_RETENTION=2d");
        assertEquals(404, t.get("/api/exams/" + finished.get(4), user).status());
        assertTrue(messages().contains("[SessionManager] Cleaned up 3 finished attempts older than 2d from memory"),
                messages()::toString);
        assertTrue(messages().contains("[SessionManager] Cleaned up 2 oldest finished attempts from memory"
                + " (more than 3 finished attempts)"), messages()::toString);
    }

    @Test
    void anIdlePracticeExamWithoutASessionCopyIsAbandoned() {
        long user = TestApp.newUser();
        JsonNode state = t.start(user, "pmp-quick", "practice");
        String sid = state.path("sessionId").asText();
        long q = state.path("questionIds").get(0).asLong();
        assertEquals(200, t.put("/api/exams/" + sid + "/answers/" + q, user, "{\"choice\":\"A\"}").status());
        String timed = t.start(user, "pmp-quick", "exam").path("sessionId").asText();

        t.clock.advance(Duration.ofHours(6));
        t.app.cleanUpMemory();
        JsonNode after = t.get("/api/exams/" + sid, user).json();
        assertEquals("ABANDONED", after.path("status").asText(), after::toString);
        assertEquals(1, after.path("answeredCount").asInt());
        assertEquals(sid, history(user).get(0));
        assertEquals("IN_PROGRESS", t.get("/api/exams/" + timed, user).json().path("status").asText(),
                "the idle rule leaves timed exams to their timer");
        assertEquals(1, t.app.sweepOverdue());
        assertEquals("TIMED_OUT", t.get("/api/exams/" + timed, user).json().path("status").asText());
        assertTrue(messages().contains("[SessionManager] Cleaned up 1 expired sessions from memory")
                || messages().contains("[SessionManager] Cleaned up 2 expired sessions from memory"), messages()::toString);
        assertTrue(messages().contains("[SessionManager] Abandoned 1 idle practice attempts in memory"
                + " (no session copy, unchanged for PT6H)"), messages()::toString);
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
