package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values exactly as the hand-written tree codec (before databind) wrote them to Redis: they still read to the
 * same session, and writing that session gives the same bytes.
 */
class StoredFormatCompatibilityTest {
    // captured from the previous RedisSessionCodec.encode/encodeMarker (commit e04a37d), byte for byte
    static final String SUBMITTED_WITH_RESULT = """
            {"sessionId":"s-Jx3kq9ZQ0c8tV1bRrW5mNa2y","attemptId":9007199254740993,"userId":4611686018427387903,"examType":"pmp","mode":"exam","questionIds":[17,4,99],"answers":{"4":"D","17":"B"},"flags":[4,99],"pausePolicy":{"checkpoints":[60,120],"durationMs":600000},"pauses":{"pauseUntil":null,"consumed":{"60":true},"activeCheckpoint":null},"startedAt":1764300000123,"deadline":1764314400456,"status":"SUBMITTED","result":{"correct":1,"total":3,"scorePercent":33.333333333333336,"finishedAt":1764310000001,"byDomain":{"People":{"correct":1,"total":2},"Process":{"correct":0,"total":1},"Business Environment":{"correct":0,"total":0}}},"version":42,"schemaVersion":1}""";
    static final String ON_A_BREAK = """
            {"sessionId":"s-AAAAbbbbCCCCdddd_-_-0123","attemptId":12,"userId":7,"examType":"pmp-quick","mode":"exam","questionIds":[3,1,2,10,5],"answers":{"1":"C","2":"D","3":"A","5":"A","10":"B"},"flags":[2],"pausePolicy":{"checkpoints":[5],"durationMs":120000},"pauses":{"pauseUntil":1764300120000,"consumed":{"5":true},"activeCheckpoint":5},"startedAt":1764300000123,"deadline":1764300900123,"status":"IN_PROGRESS","result":null,"version":7,"schemaVersion":1}""";
    static final String PRACTICE = """
            {"sessionId":"s-practicePRACTICEpractice0","attemptId":3,"userId":7,"examType":"capm","mode":"practice","questionIds":[5,3],"answers":{"3":"A"},"flags":[],"pausePolicy":null,"pauses":{"pauseUntil":null,"consumed":{},"activeCheckpoint":null},"startedAt":1764300000123,"deadline":null,"status":"IN_PROGRESS","result":null,"version":2,"schemaVersion":1}""";
    static final String TIMED_OUT_EMPTY = """
            {"sessionId":"s-timedOutTIMEDOUTtimedout1","attemptId":0,"userId":1,"examType":"pmp","mode":"exam","questionIds":[1],"answers":{},"flags":[],"pausePolicy":{"checkpoints":[],"durationMs":1},"pauses":{"pauseUntil":null,"consumed":{},"activeCheckpoint":null},"startedAt":1764300000123,"deadline":1764300060000,"status":"TIMED_OUT","result":{"correct":0,"total":1,"scorePercent":0.0,"finishedAt":1764300060000,"byDomain":{}},"version":3,"schemaVersion":1}""";
    static final String ABANDONED_FULL_MARKS = """
            {"sessionId":"s-hundredHUNDREDhundred100","attemptId":5,"userId":5,"examType":"pmp","mode":"exam","questionIds":[1,2],"answers":{"1":"A","2":"B"},"flags":[],"pausePolicy":{"checkpoints":[1],"durationMs":1000},"pauses":{"pauseUntil":null,"consumed":{"1":true},"activeCheckpoint":null},"startedAt":1764300000123,"deadline":1764300060000,"status":"ABANDONED","result":{"correct":2,"total":2,"scorePercent":100.0,"finishedAt":1764300050000,"byDomain":{"Process":{"correct":2,"total":2}}},"version":9,"schemaVersion":1}""";
    static final String STALE_MARKER = """
            {"sessionId":"s-Jx3kq9ZQ0c8tV1bRrW5mNa2y","version":43,"stale":true,"schemaVersion":1}""";

    private static final Instant STARTED = Instant.ofEpochMilli(1_764_300_000_123L);
    private final RedisSessionCodec codec = new RedisSessionCodec();

    static ExamSession submittedWithResult() {
        Map<String, DomainScore> byDomain = new LinkedHashMap<>();
        byDomain.put("People", new DomainScore(1, 2));
        byDomain.put("Process", new DomainScore(0, 1));
        byDomain.put("Business Environment", new DomainScore(0, 0));
        return new ExamSession(new SessionId("s-Jx3kq9ZQ0c8tV1bRrW5mNa2y"), 9_007_199_254_740_993L,
                4_611_686_018_427_387_903L, "pmp", ExamMode.EXAM, List.of(17L, 4L, 99L), Map.of(17L, "B", 4L, "D"),
                Set.of(4L, 99L), new PausePolicy(List.of(60, 120), 600_000), new Pauses(null, null, Set.of(60)),
                STARTED, Instant.ofEpochMilli(1_764_314_400_456L), ExamStatus.SUBMITTED,
                new ExamResult(1, 3, 33.333333333333336, Instant.ofEpochMilli(1_764_310_000_001L), byDomain), 42);
    }

    static ExamSession onABreak() {
        return new ExamSession(new SessionId("s-AAAAbbbbCCCCdddd_-_-0123"), 12, 7, "pmp-quick", ExamMode.EXAM,
                List.of(3L, 1L, 2L, 10L, 5L), Map.of(3L, "A", 1L, "C", 2L, "D", 10L, "B", 5L, "A"), Set.of(2L),
                new PausePolicy(List.of(5), 120_000), new Pauses(Instant.ofEpochMilli(1_764_300_120_000L), 5, Set.of(5)),
                STARTED, Instant.ofEpochMilli(1_764_300_900_123L), ExamStatus.IN_PROGRESS, null, 7);
    }

    private static ExamSession practice() {
        return new ExamSession(new SessionId("s-practicePRACTICEpractice0"), 3, 7, "capm", ExamMode.PRACTICE,
                List.of(5L, 3L), Map.of(3L, "A"), Set.of(), null, Pauses.none(), STARTED, null, ExamStatus.IN_PROGRESS,
                null, 2);
    }

    private static ExamSession timedOutEmpty() {
        Instant deadline = Instant.ofEpochMilli(1_764_300_060_000L);
        return new ExamSession(new SessionId("s-timedOutTIMEDOUTtimedout1"), 0, 1, "pmp", ExamMode.EXAM, List.of(1L),
                Map.of(), Set.of(), new PausePolicy(List.of(), 1), Pauses.none(), STARTED, deadline,
                ExamStatus.TIMED_OUT, new ExamResult(0, 1, 0.0, deadline, Map.of()), 3);
    }

    private static ExamSession abandonedFullMarks() {
        return new ExamSession(new SessionId("s-hundredHUNDREDhundred100"), 5, 5, "pmp", ExamMode.EXAM, List.of(1L, 2L),
                Map.of(1L, "A", 2L, "B"), Set.of(), new PausePolicy(List.of(1), 1000), new Pauses(null, null, Set.of(1)),
                STARTED, Instant.ofEpochMilli(1_764_300_060_000L), ExamStatus.ABANDONED,
                new ExamResult(2, 2, 100.0, Instant.ofEpochMilli(1_764_300_050_000L),
                        Map.of("Process", new DomainScore(2, 2))), 9);
    }

    private static Map<String, ExamSession> sessions() {
        Map<String, ExamSession> byValue = new LinkedHashMap<>();
        byValue.put(SUBMITTED_WITH_RESULT, submittedWithResult());
        byValue.put(ON_A_BREAK, onABreak());
        byValue.put(PRACTICE, practice());
        byValue.put(TIMED_OUT_EMPTY, timedOutEmpty());
        byValue.put(ABANDONED_FULL_MARKS, abandonedFullMarks());
        return byValue;
    }

    @Test
    void oldValuesReadToTheSameSession() {
        sessions().forEach((old, session) -> assertEquals(Optional.of(session), codec.decode("k", old), old));
    }

    @Test
    void writingGivesTheOldBytes() {
        sessions().forEach((old, session) -> assertEquals(old, codec.encode(session)));
    }

    @Test
    void oldStaleMarkerIsAMissingSessionAndIsWrittenTheSame() {
        assertEquals(Optional.empty(), codec.decode("k", STALE_MARKER));
        assertEquals(STALE_MARKER, codec.encodeMarker(new SessionId("s-Jx3kq9ZQ0c8tV1bRrW5mNa2y"), 43));
    }
}
