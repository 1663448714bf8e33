package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.QuestionKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.examsessions.adapter.jpa.Fixtures.T0;
import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.key;
import static dev.examsessions.adapter.jpa.Fixtures.randomUserId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field of an exam comes back exactly as stored, instants to the millisecond. */
class RoundTripTest {
    private static final ExamType PMP = Fixtures.examType("pmp", 6, 230, new PausePolicy(List.of(2, 4), 600_000));
    /** Deliberately not sorted: the order of the exam must survive. */
    private static final List<Long> ORDER = List.of(905L, 17L, 4_000_000_000L, 3L, 88L, 41L);

    @RegisterExtension
    static final FreshRepository FRESH = new FreshRepository();

    @Test
    void anExamInABreakWithFlagsAndAnswersRoundTrips() throws Exception {
        Instant t = T0;
        ExamSession s = exam(randomUserId(), PMP, ExamMode.EXAM, ORDER, t)
                .answer(key(905, "People"), "A", t.plusMillis(1_001))
                .answer(key(17, "Process"), "B", t.plusMillis(2_002))
                .flag(88, true, t.plusMillis(3_003))
                .flag(905, true, t.plusMillis(3_004))
                .startPause(2, t.plusMillis(4_567));
        assertTrue(s.isPaused(t.plusMillis(5_000)));

        ExamSession created = FRESH.repository().create(s);
        assertEquals(s.withAttemptId(created.attemptId()), created);
        ExamSession found = FRESH.repository().find(s.sessionId()).orElseThrow();
        assertEquals(created, found);
        assertEquals(ORDER, found.questionIds());
        assertEquals(new Pauses(t.plusMillis(4_567 + 600_000), 2, Set.of(2)), found.pauses());
        assertEquals(t.plus(Duration.ofMinutes(230)).plusMillis(600_000), found.deadline());
        assertEquals(PMP.pausePolicy(), found.pausePolicy());
        assertEquals(List.of(created), FRESH.repository().openAttempts(s.userId()));

        // the break ends early: its state is cleared, the checkpoint stays consumed, the deadline moves back
        ExamSession ended = FRESH.repository().update(s.sessionId(), x -> x.endPause(t.plusMillis(60_123)))
                .map(Change::after).orElseThrow();
        assertEquals(new Pauses(null, null, Set.of(2)), ended.pauses());
        assertEquals(created.version() + 1, ended.version());
        assertEquals(Optional.of(ended), FRESH.repository().find(s.sessionId()));

        try (Connection c = FRESH.database().connect(); PreparedStatement st = c.prepareStatement(
                "SELECT (extract(epoch FROM started_at) * 1000)::bigint, (extract(epoch FROM deadline) * 1000)::bigint,"
                        + " question_ids::text, flags::text, consumed_checkpoints::text FROM attempts WHERE session_id = ?")) {
            st.setString(1, s.sessionId().value());
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(t.toEpochMilli(), rs.getLong(1));
                assertEquals(ended.deadline().toEpochMilli(), rs.getLong(2));
                assertEquals("{905,17,4000000000,3,88,41}", rs.getString(3));
                assertEquals("{88,905}", rs.getString(4));
                assertEquals("{2}", rs.getString(5));
            }
        }
    }

    @Test
    void aFinishedExamWithItsPerDomainScoreRoundTrips() {
        Instant t = T0.plusMillis(7);
        ExamSession created = FRESH.repository().create(exam(randomUserId(), PMP, ExamMode.EXAM, ORDER, t));
        Map<Long, QuestionKey> keys = Map.of(
                905L, key(905, "People"), 17L, key(17, "Process"), 4_000_000_000L, key(4_000_000_000L, "Business"),
                3L, key(3, "People"), 88L, key(88, null), 41L, key(41, "Process"));
        created = FRESH.repository().update(created.sessionId(), x -> x
                .answer(keys.get(905L), "B", t.plusMillis(10))
                .answer(keys.get(17L), "A", t.plusMillis(20))
                .answer(keys.get(88L), "B", t.plusMillis(30))
                .flag(3, true, t.plusMillis(40))).map(Change::after).orElseThrow();
        Instant finishedAt = t.plusMillis(123_456);
        ExamSession submitted = FRESH.repository().update(created.sessionId(), x -> x.submit(keys, finishedAt))
                .map(Change::after).orElseThrow();

        ExamResult result = submitted.result();
        assertEquals(ExamStatus.SUBMITTED, submitted.status());
        assertEquals(finishedAt, result.finishedAt());
        assertEquals(new DomainScore(1, 2), result.byDomain().get("People"));
        assertEquals(new DomainScore(1, 1), result.byDomain().get("General"));

        ExamSession found = FRESH.repository().find(submitted.sessionId()).orElseThrow();
        assertEquals(submitted, found);
        assertEquals(List.copyOf(result.byDomain().keySet()), List.copyOf(found.result().byDomain().keySet()));
        assertEquals(List.of(found), FRESH.repository().history(submitted.userId(), null, 10).items());
        assertEquals(List.of(), FRESH.repository().openAttempts(submitted.userId()));
    }

    @Test
    void aResultKeepsTheOrderOfItsDomainsAndAnExactScore() {
        Map<String, DomainScore> byDomain = new LinkedHashMap<>();
        byDomain.put("Process", new DomainScore(3, 7));
        byDomain.put("Business Environment", new DomainScore(0, 2));
        byDomain.put("People", new DomainScore(5, 5));
        ExamSession base = exam(randomUserId(), PMP, ExamMode.EXAM, ORDER, T0);
        ExamSession finished = new ExamSession(base.sessionId(), 424_242, base.userId(), base.examType(), base.mode(),
                base.questionIds(), Map.of(905L, "C"), Set.of(41L), base.pausePolicy(),
                new Pauses(null, null, Set.of(2, 4)), base.startedAt(), base.deadline(), ExamStatus.TIMED_OUT,
                new ExamResult(8, 14, 57.142857142857146, T0.plusMillis(999), byDomain), 12);

        assertTrue(FRESH.repository().restore(finished));
        ExamSession found = FRESH.repository().find(finished.sessionId()).orElseThrow();
        assertEquals(finished, found);
        assertEquals(List.of("Process", "Business Environment", "People"), List.copyOf(found.result().byDomain().keySet()));
        assertEquals(57.142857142857146, found.result().scorePercent());
    }

    @Test
    void practiceKeepsItsNulls() {
        ExamSession practice = exam(randomUserId(), PMP, ExamMode.PRACTICE, ORDER, T0.plusMillis(1))
                .answer(key(41, "People"), "D", T0.plusMillis(2));
        assertNull(practice.deadline());
        assertNull(practice.pausePolicy());

        ExamSession created = FRESH.repository().create(practice);
        ExamSession found = FRESH.repository().find(practice.sessionId()).orElseThrow();
        assertEquals(created, found);
        assertNull(found.deadline());
        assertNull(found.pausePolicy());
        assertEquals(Pauses.none(), found.pauses());
        assertNull(found.result());
        assertEquals(Map.of(41L, "D"), found.answers());

        ExamSession abandoned = FRESH.repository().update(practice.sessionId(), x -> x.abandon(Map.of(), T0.plusMillis(3)))
                .map(Change::after).orElseThrow();
        assertEquals(ExamStatus.ABANDONED, abandoned.status());
        assertEquals(Map.of("General", new DomainScore(0, 6)), abandoned.result().byDomain());
        assertEquals(Optional.of(abandoned), FRESH.repository().find(practice.sessionId()));
    }

    @Test
    void clearingAnAnswerDeletesItsRow() throws Exception {
        ExamSession created = FRESH.repository().create(exam(randomUserId(), PMP, ExamMode.EXAM, ORDER, T0));
        QuestionKey k = key(3, "People");
        FRESH.repository().update(created.sessionId(), x -> x.answer(k, "C", T0.plusMillis(1))
                .answer(key(41, "People"), "A", T0.plusMillis(1)));
        ExamSession cleared = FRESH.repository().update(created.sessionId(), x -> x.answer(k, null, T0.plusMillis(2)))
                .map(Change::after).orElseThrow();
        assertEquals(Map.of(41L, "A"), cleared.answers());
        assertEquals(3, cleared.version());
        try (Connection c = FRESH.database().connect()) {
            assertEquals(1, Fixtures.queryLong(c, "SELECT count(*) FROM attempt_answers WHERE attempt_id = ?",
                    created.attemptId()));
        }
        assertEquals(Optional.of(cleared), FRESH.repository().find(created.sessionId()));
    }
}
