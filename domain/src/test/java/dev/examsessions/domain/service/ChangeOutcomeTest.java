package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.fakes.FakeQuestionBank;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A rule's outcome on one stored state: the version check, and time-up as a timed-out state plus a refusal. */
class ChangeOutcomeTest {
    static final Instant T0 = Instant.ofEpochMilli(1_764_300_000_000L);

    final FakeQuestionBank bank = new FakeQuestionBank(1, 10, "People", "Process");
    final ExamSession stored = ExamSession.start(SessionId.newId(), ExamServiceTest.ALICE, ExamServiceTest.MINI,
            ExamMode.EXAM, List.of(1L, 2L, 3L, 4L, 5L, 6L), T0);

    QuestionKey key(long id) {
        return bank.question(id).orElseThrow().key();
    }

    Map<Long, QuestionKey> noKeys(ExamSession s) {
        return Map.of();
    }

    @Test
    void aRealChangeChecksTheExpectedVersion() {
        ChangeOutcome ok = ChangeOutcome.of(stored, T0, stored.version(), (s, now) -> s.answer(key(1), "A", now),
                this::noKeys);
        assertEquals("A", ok.state().answers().get(1L));
        assertEquals(Optional.empty(), ok.refusalAfterCommit());

        ExamException stale = assertThrows(ExamException.class, () -> ChangeOutcome.of(stored, T0, 9L,
                (s, now) -> s.answer(key(1), "A", now), this::noKeys));
        assertEquals(ErrorCode.VERSION_MISMATCH, stale.code());
    }

    @Test
    void aRepeatSucceedsWhateverVersionItExpects() {
        ChangeOutcome repeat = ChangeOutcome.of(stored, T0, 9L, (s, now) -> s.flag(1, false, now), this::noKeys);
        assertSame(stored, repeat.state());
        assertEquals(Optional.empty(), repeat.refusalAfterCommit());
    }

    @Test
    void anotherRefusalWinsOverAStaleVersionAndStoresNothing() {
        ExamException e = assertThrows(ExamException.class, () -> ChangeOutcome.of(stored, T0, 9L,
                (s, now) -> s.answer(key(1), "Z", now), this::noKeys));
        assertEquals(ErrorCode.INVALID_CHOICE, e.code());
    }

    @Test
    void timeUpTimesTheExamOutAndReportsTimeExpiredAfterwards() {
        Instant late = stored.deadline().plusSeconds(1);

        ChangeOutcome outcome = ChangeOutcome.of(stored, late, 9L, (s, now) -> s.answer(key(1), "A", now),
                s -> Map.of(1L, key(1)));

        assertEquals(ExamStatus.TIMED_OUT, outcome.state().status());
        assertEquals(stored.timeOut(Map.of(1L, key(1)), late), outcome.state());
        assertEquals(ErrorCode.TIME_EXPIRED, outcome.refusalAfterCommit().orElseThrow().code());
        ChangeOutcome again = ChangeOutcome.of(stored, late, 9L, (s, now) -> s.answer(key(1), "A", now),
                s -> Map.of(1L, key(1)));
        assertEquals(outcome.state(), again.state(), "pure: the same stored state and instant give the same outcome");
        assertEquals(outcome.refusalAfterCommit().orElseThrow().getMessage(),
                again.refusalAfterCommit().orElseThrow().getMessage());
    }
}
