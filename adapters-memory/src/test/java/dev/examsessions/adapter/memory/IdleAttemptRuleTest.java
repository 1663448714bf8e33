package dev.examsessions.adapter.memory;

import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.fakes.FakeQuestionBank;
import dev.examsessions.domain.fakes.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle rule on the memory set-up and the injected clock: a practice attempt nobody changed for the session TTL
 * and whose session copy is gone is finalized as ABANDONED; anything still in use is left alone.
 */
class IdleAttemptRuleTest {
    private static final Duration TTL = Duration.ofHours(6);
    private static final long USER = 7;
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
    private final InMemorySessionAdapter sessions = InMemorySessionAdapter.create(TTL, 1_000, clock);
    private final InMemoryAttemptRepository attempts = InMemoryAttemptRepository.create(clock, Duration.ofDays(30), 1_000);
    private final ExamType type = new ExamType("quick", "Quick", 4, 15, PausePolicy.none());
    private final ExamService exams = new ExamService(sessions, attempts, FakeQuestionBank.keyed("B", 1, 10, "People"),
            () -> List.of(type), key -> Optional.empty(), ExamEvents.NONE, clock);

    private SessionId start(String mode) {
        return exams.select(USER, "quick", mode, null).session().sessionId();
    }

    @Test
    void anIdlePracticeAttemptWithoutACopyIsAbandonedWithItsAnswersScored() {
        SessionId id = start("practice");
        long q = exams.state(USER, id).session().questionIds().get(0);
        clock.advance(Duration.ofHours(1));
        exams.answer(USER, id, q, "B", null);

        clock.advance(Duration.ofHours(5).plusMinutes(30)); // copy expired (6 h after the start), idle 5.5 h
        assertEquals(0, exams.abandonIdle(TTL, 100), "not idle for the session TTL yet");
        assertEquals(ExamStatus.IN_PROGRESS, attempts.find(id).orElseThrow().status());

        clock.advance(Duration.ofMinutes(30)); // idle exactly the session TTL
        assertEquals(1, exams.abandonIdle(TTL, 100));
        ExamSession done = attempts.find(id).orElseThrow();
        assertEquals(ExamStatus.ABANDONED, done.status());
        assertEquals(1, done.result().correct());
        assertEquals(clock.instant(), done.result().finishedAt());
        assertEquals(List.of(), exams.active(USER).attempts());
        assertEquals(List.of(done), exams.history(USER, null, 10).items());
        assertEquals(0, exams.abandonIdle(TTL, 100), "once");
        // the user may start a new practice exam of that type
        assertTrue(!start("practice").equals(id));
    }

    @Test
    void aLiveCopyATimedExamAndRecentActivityKeepAnAttemptOpen() {
        SessionId extended = start("practice");
        exams.extend(USER, extended, 24 * 60, null);
        SessionId timed = start("exam");
        clock.advance(Duration.ofHours(7));
        SessionId recent = exams.select(USER + 1, "quick", "practice", null).session().sessionId();

        assertEquals(0, exams.abandonIdle(TTL, 100));
        for (SessionId id : List.of(extended, timed, recent)) {
            assertEquals(ExamStatus.IN_PROGRESS, attempts.find(id).orElseThrow().status(), id.value());
        }
        // the timed exam is ended by its timer, not by the idle rule
        assertEquals(1, exams.sweepOverdue(100));
        assertEquals(ExamStatus.TIMED_OUT, attempts.find(timed).orElseThrow().status());

        clock.advance(Duration.ofHours(18)); // the extended copy expired too
        assertEquals(2, exams.abandonIdle(TTL, 100));
        assertEquals(ExamStatus.ABANDONED, attempts.find(extended).orElseThrow().status());
        assertEquals(ExamStatus.ABANDONED, attempts.find(recent).orElseThrow().status());
    }

    @Test
    void aReadThatRebuildsTheCopyCountsAsUse() {
        SessionId id = start("practice");
        clock.advance(Duration.ofHours(7));
        assertTrue(exams.state(USER, id).recovered(), "the copy was rebuilt from the attempt");
        assertEquals(0, exams.abandonIdle(TTL, 100));
        assertEquals(ExamStatus.IN_PROGRESS, attempts.find(id).orElseThrow().status());
    }
}
