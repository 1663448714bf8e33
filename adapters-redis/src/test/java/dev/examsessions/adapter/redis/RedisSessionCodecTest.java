package dev.examsessions.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON document of a session in Redis: every field, the documented names, tolerance and refusal. */
class RedisSessionCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedisSessionCodec codec = new RedisSessionCodec();

    private static final Instant STARTED = Instant.ofEpochMilli(1_764_300_000_123L);
    private static final Instant DEADLINE = Instant.ofEpochMilli(1_764_314_400_456L);
    private static final Instant PAUSE_UNTIL = Instant.ofEpochMilli(1_764_300_900_789L);
    private static final Instant FINISHED = Instant.ofEpochMilli(1_764_310_000_001L);

    /** A timed exam with every field set to a non-default value. */
    private static ExamSession everything() {
        Map<String, DomainScore> byDomain = new LinkedHashMap<>();
        byDomain.put("People", new DomainScore(1, 2));
        byDomain.put("Process", new DomainScore(0, 1));
        return new ExamSession(SessionId.newId(), 9_007_199_254_740_993L, 4_611_686_018_427_387_903L, "pmp",
                ExamMode.EXAM, List.of(17L, 4L, 99L), Map.of(17L, "B", 4L, "D"), Set.of(4L, 99L),
                new PausePolicy(List.of(60, 120), 600_000), new Pauses(PAUSE_UNTIL, 120, Set.of(60, 120)),
                STARTED, DEADLINE, ExamStatus.SUBMITTED,
                new ExamResult(1, 3, 33.333333333333336, FINISHED, byDomain), 42);
    }

    private static ExamSession practice() {
        return new ExamSession(SessionId.newId(), 3, 7, "capm", ExamMode.PRACTICE, List.of(5L, 3L),
                Map.of(3L, "A"), Set.of(), null, Pauses.none(), STARTED, null, ExamStatus.IN_PROGRESS, null, 2);
    }

    @Test
    void roundTripKeepsEveryField() {
        ExamSession s = everything();
        assertEquals(Optional.of(s), codec.decode("k", codec.encode(s)));
        ExamSession p = practice();
        assertEquals(Optional.of(p), codec.decode("k", codec.encode(p)));
        ExamSession fresh = new ExamSession(s.sessionId(), 0, 1, "pmp", ExamMode.EXAM, List.of(1L), Map.of(), Set.of(),
                new PausePolicy(List.of(), 1), Pauses.none(), STARTED, DEADLINE, ExamStatus.IN_PROGRESS, null, 1);
        assertEquals(Optional.of(fresh), codec.decode("k", codec.encode(fresh)));
    }

    @Test
    void documentHasTheDocumentedFieldNamesAndEpochMillis() throws Exception {
        ExamSession s = everything();
        JsonNode root = JSON.readTree(codec.encode(s));
        assertEquals(List.of("sessionId", "attemptId", "userId", "examType", "mode", "questionIds", "answers", "flags",
                "pausePolicy", "pauses", "startedAt", "deadline", "status", "result", "version", "schemaVersion"),
                names(root));
        assertEquals(s.sessionId().value(), root.get("sessionId").textValue());
        assertEquals(9_007_199_254_740_993L, root.get("attemptId").longValue());
        assertEquals(4_611_686_018_427_387_903L, root.get("userId").longValue());
        assertEquals("pmp", root.get("examType").textValue());
        assertEquals("exam", root.get("mode").textValue());
        assertEquals("[17,4,99]", root.get("questionIds").toString());
        assertEquals("{\"4\":\"D\",\"17\":\"B\"}", root.get("answers").toString());
        assertEquals("[4,99]", root.get("flags").toString());
        assertEquals("{\"checkpoints\":[60,120],\"durationMs\":600000}", root.get("pausePolicy").toString());
        JsonNode pauses = root.get("pauses");
        assertEquals(List.of("pauseUntil", "consumed", "activeCheckpoint"), names(pauses));
        assertEquals(PAUSE_UNTIL.toEpochMilli(), pauses.get("pauseUntil").longValue());
        assertEquals("{\"60\":true,\"120\":true}", pauses.get("consumed").toString());
        assertEquals(120, pauses.get("activeCheckpoint").intValue());
        assertEquals(STARTED.toEpochMilli(), root.get("startedAt").longValue());
        assertEquals(DEADLINE.toEpochMilli(), root.get("deadline").longValue());
        assertEquals("SUBMITTED", root.get("status").textValue());
        JsonNode result = root.get("result");
        assertEquals(List.of("correct", "total", "scorePercent", "finishedAt", "byDomain"), names(result));
        assertEquals(1, result.get("correct").intValue());
        assertEquals(3, result.get("total").intValue());
        assertEquals(33.333333333333336, result.get("scorePercent").doubleValue());
        assertEquals(FINISHED.toEpochMilli(), result.get("finishedAt").longValue());
        assertEquals("{\"People\":{\"correct\":1,\"total\":2},\"Process\":{\"correct\":0,\"total\":1}}",
                result.get("byDomain").toString());
        assertEquals(42, root.get("version").longValue());
        assertEquals(1, root.get("schemaVersion").intValue());
        assertTrue(root.get("version").isIntegralNumber() && root.get("startedAt").isIntegralNumber());
    }

    @Test
    void practiceHasNullDeadlinePolicyAndResultAndNoBreak() throws Exception {
        JsonNode root = JSON.readTree(codec.encode(practice()));
        assertEquals("practice", root.get("mode").textValue());
        assertTrue(root.get("deadline").isNull());
        assertTrue(root.get("pausePolicy").isNull());
        assertTrue(root.get("result").isNull());
        assertEquals("{\"pauseUntil\":null,\"consumed\":{},\"activeCheckpoint\":null}", root.get("pauses").toString());
        assertEquals("IN_PROGRESS", root.get("status").textValue());
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        ExamSession s = everything();
        ObjectNode root = (ObjectNode) JSON.readTree(codec.encode(s));
        root.put("futureField", "x");
        root.putObject("nested").put("a", 1);
        ((ObjectNode) root.get("pauses")).put("reason", "coffee");
        ((ObjectNode) root.get("result")).putArray("extra").add(1);
        ((ObjectNode) root.get("pausePolicy")).put("flexible", true);
        assertEquals(Optional.of(s), codec.decode("k", root.toString()));
    }

    @Test
    void absentNullableFieldsReadAsNull() throws Exception {
        ExamSession p = practice();
        ObjectNode root = (ObjectNode) JSON.readTree(codec.encode(p));
        root.remove(List.of("deadline", "pausePolicy", "result"));
        ((ObjectNode) root.get("pauses")).remove(List.of("pauseUntil", "activeCheckpoint"));
        assertEquals(Optional.of(p), codec.decode("k", root.toString()));
    }

    @Test
    void consumedFalseMeansNotConsumed() throws Exception {
        ExamSession s = everything();
        ObjectNode root = (ObjectNode) JSON.readTree(codec.encode(s));
        ((ObjectNode) root.get("pauses").get("consumed")).put("60", false);
        assertEquals(Set.of(120), codec.decode("k", root.toString()).orElseThrow().pauses().consumed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "{", "{}", "[]", "null", "42", "\"text\"", "{\"version\":3}",
            "{\"schemaVersion\":1}"})
    void garbageIsAMissingSession(String value) {
        assertEquals(Optional.empty(), codec.decode("exam:session:garbage", value));
    }

    @Test
    void nullIsAMissingSession() {
        assertEquals(Optional.empty(), codec.decode("k", null));
    }

    @Test
    void wrongTypesAndMissingFieldsAreAMissingSession() throws Exception {
        List<Consumer<ObjectNode>> breakages = new ArrayList<>();
        for (String field : List.of("sessionId", "attemptId", "userId", "examType", "mode", "questionIds", "answers",
                "flags", "pauses", "startedAt", "status", "version", "schemaVersion")) {
            breakages.add(root -> root.remove(field));
            breakages.add(root -> root.putNull(field));
        }
        breakages.add(root -> root.put("version", "3"));
        breakages.add(root -> root.put("version", 3.5));
        breakages.add(root -> root.put("attemptId", true));
        breakages.add(root -> root.put("userId", "7"));
        breakages.add(root -> root.put("sessionId", "not-an-id"));
        breakages.add(root -> root.put("sessionId", 12));
        breakages.add(root -> root.put("mode", "EXAM"));
        breakages.add(root -> root.put("status", "DONE"));
        breakages.add(root -> root.put("status", 1));
        breakages.add(root -> root.put("schemaVersion", 2));
        breakages.add(root -> root.put("schemaVersion", 0));
        breakages.add(root -> root.put("schemaVersion", "1"));
        breakages.add(root -> root.put("questionIds", "17,4"));
        breakages.add(root -> root.putArray("questionIds").add("17"));
        breakages.add(root -> root.putArray("answers").add("B"));
        breakages.add(root -> root.putObject("answers").put("17", 2));
        breakages.add(root -> root.putObject("answers").put("seventeen", "B"));
        breakages.add(root -> root.put("flags", 4));
        breakages.add(root -> root.putArray("flags").add(1.5));
        breakages.add(root -> root.put("startedAt", "2025-11-28T10:00:00Z"));
        breakages.add(root -> root.put("deadline", "soon"));
        breakages.add(root -> root.remove("deadline")); // a timed exam needs its deadline
        breakages.add(root -> root.remove("pausePolicy")); // … and its pause policy
        breakages.add(root -> root.put("pausePolicy", "none"));
        breakages.add(root -> ((ObjectNode) root.get("pausePolicy")).put("durationMs", 0));
        breakages.add(root -> ((ObjectNode) root.get("pausePolicy")).put("checkpoints", 60));
        breakages.add(root -> root.put("pauses", "none"));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).remove("consumed"));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).putArray("consumed").add(60));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).putObject("consumed").put("60", "yes"));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).put("pauseUntil", "later"));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).put("activeCheckpoint", "60"));
        breakages.add(root -> ((ObjectNode) root.get("result")).remove("scorePercent"));
        breakages.add(root -> ((ObjectNode) root.get("result")).put("scorePercent", "33%"));
        breakages.add(root -> ((ObjectNode) root.get("result")).remove("finishedAt"));
        breakages.add(root -> ((ObjectNode) root.get("result")).put("byDomain", 3));
        breakages.add(root -> ((ObjectNode) root.get("result").get("byDomain")).put("People", 1));
        breakages.add(root -> ((ObjectNode) root.get("result").get("byDomain").get("People")).remove("total"));
        breakages.add(root -> root.put("result", "passed"));
        breakages.add(root -> root.putArray("questionIds").add(17).addNull());
        breakages.add(root -> root.putArray("flags").addNull());
        breakages.add(root -> ((ObjectNode) root.get("answers")).putNull("17"));
        breakages.add(root -> ((ObjectNode) root.get("pauses").get("consumed")).putNull("60"));
        breakages.add(root -> ((ObjectNode) root.get("pausePolicy")).putArray("checkpoints").addNull());
        breakages.add(root -> ((ObjectNode) root.get("result").get("byDomain")).putNull("People"));
        breakages.add(root -> ((ObjectNode) root.get("pauses").get("consumed")).put("sixty", true));
        breakages.add(root -> ((ObjectNode) root.get("pauses")).put("activeCheckpoint", 3_000_000_000L));
        breakages.add(root -> ((ObjectNode) root.get("result")).put("correct", 1.0));

        String valid = codec.encode(everything());
        for (int i = 0; i < breakages.size(); i++) {
            ObjectNode root = (ObjectNode) JSON.readTree(valid);
            breakages.get(i).accept(root);
            assertEquals(Optional.empty(), codec.decode("k" + i, root.toString()), "breakage #" + i + ": " + root);
        }
        assertEquals(Optional.empty(), codec.decode("trailing", valid + " {}"));
        assertEquals(Optional.empty(), codec.decode("truncated", valid.substring(0, valid.length() - 1)));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
