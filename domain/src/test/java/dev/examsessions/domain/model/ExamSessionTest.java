package dev.examsessions.domain.model;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.fakes.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exam aggregate's rules, driven by a hand-moved clock. */
class ExamSessionTest {
    static final long BREAK_MS = 600_000;
    static final ExamType PMP = new ExamType("pmp", "PMP", 180, 230, new PausePolicy(List.of(60, 120), BREAK_MS));
    static final Instant T0 = Instant.ofEpochMilli(1_764_300_000_000L);
    static final SessionId ID = new SessionId("s-AAAAAAAAAAAAAAAAAAAAAAAA");

    final MutableClock clock = new MutableClock(T0);
    /** Position p holds question 1000 + p; its correct key is "A"; domains alternate People/Process. */
    final List<Long> questionIds = LongStream.rangeClosed(1, 180).map(p -> 1000 + p).boxed().toList();
    final Map<Long, QuestionKey> keys = new HashMap<>();

    ExamSessionTest() {
        for (int p = 1; p <= 180; p++) {
            keys.put(qid(p), new QuestionKey(qid(p), List.of("A", "B", "C", "D"), "A", p % 2 == 0 ? "Process" : "People"));
        }
    }

    static long qid(int position) {
        return 1000L + position;
    }

    QuestionKey key(int position) {
        return keys.get(qid(position));
    }

    Instant now() {
        return clock.instant();
    }

    ExamSession exam() {
        return ExamSession.start(ID, 7, PMP, ExamMode.EXAM, questionIds, now());
    }

    ExamSession practice() {
        return ExamSession.start(ID, 7, PMP, ExamMode.PRACTICE, questionIds, now());
    }

    ExamSession answer(ExamSession s, int position, String choice) {
        return s.answer(key(position), choice, now());
    }

    ExamSession answerRange(ExamSession s, int from, int to, String choice) {
        for (int p = from; p <= to; p++) {
            s = answer(s, p, choice);
        }
        return s;
    }

    static ExamException refused(ErrorCode expected, Supplier<?> action) {
        ExamException e = assertThrows(ExamException.class, action::get);
        assertEquals(expected, e.code(), e.getMessage());
        return e;
    }

    static void refused(ErrorCode expected, Runnable action) {
        ExamException e = assertThrows(ExamException.class, action::run);
        assertEquals(expected, e.code(), e.getMessage());
    }

    @Nested
    class Timer {
        @Test
        void startSetsTheDeadlineFromTheDurationAndTheFullTimeRemains() {
            ExamSession s = exam();
            assertEquals(T0.plus(Duration.ofMinutes(230)), s.deadline());
            assertEquals(Optional.of(Duration.ofMinutes(230)), s.remaining(now()));
            assertEquals(ExamStatus.IN_PROGRESS, s.status());
            assertEquals(1, s.version());
            assertEquals(0, s.attemptId());
            assertEquals(T0, s.startedAt());
            assertTrue(s.isTimed());
            assertNull(s.result());
        }

        @Test
        void remainingIsDeadlineMinusNowAndNeverNegative() {
            ExamSession s = exam();
            clock.advance(Duration.ofMinutes(30));
            assertEquals(Optional.of(Duration.ofMinutes(200)), s.remaining(now()));
            clock.set(s.deadline().minusMillis(1));
            assertEquals(Optional.of(Duration.ofMillis(1)), s.remaining(now()));
            assertFalse(s.isOverdue(now()));
            clock.set(s.deadline());
            assertTrue(s.isOverdue(now()), "at the deadline the time is up");
            assertEquals(Optional.of(Duration.ZERO), s.remaining(now()));
            clock.advance(Duration.ofHours(1));
            assertEquals(Optional.of(Duration.ZERO), s.remaining(now()));
        }

        @Test
        void remainingDuringABreakCountsFromPauseUntil() {
            ExamSession s = answerRange(exam(), 1, 60, "A");
            clock.advance(Duration.ofMinutes(20));
            s = s.startPause(60, now());
            clock.advance(Duration.ofMinutes(3));
            // deadline − max(now, pauseUntil) = (T0+240m) − (T0+30m)
            assertEquals(Optional.of(Duration.ofMinutes(210)), s.remaining(now()));
            assertEquals(s.deadline().toEpochMilli() - s.pauses().pauseUntil().toEpochMilli(),
                    s.remaining(now()).orElseThrow().toMillis());
        }

        @Test
        void startRejectsEmptyOrRepeatedQuestionIds() {
            assertThrows(IllegalArgumentException.class,
                    () -> ExamSession.start(ID, 7, PMP, ExamMode.EXAM, List.of(), now()));
            assertThrows(IllegalArgumentException.class,
                    () -> ExamSession.start(ID, 7, PMP, ExamMode.EXAM, List.of(1L, 2L, 1L), now()));
        }
    }

    @Nested
    class Breaks {
        @Test
        void aBreakMovesTheDeadlineByItsLengthAtOnceAndFreezesTheClock() {
            ExamSession s = answerRange(exam(), 1, 60, "A");
            clock.advance(Duration.ofMinutes(10));
            Duration before = s.remaining(now()).orElseThrow();
            Instant started = now();

            ExamSession paused = s.startPause(60, now());

            assertEquals(s.deadline().plusMillis(BREAK_MS), paused.deadline());
            assertEquals(started.plusMillis(BREAK_MS), paused.pauses().pauseUntil());
            assertEquals(Set.of(60), paused.pauses().consumed());
            assertEquals(60, paused.pauses().activeCheckpoint());
            assertTrue(paused.isPaused(now()));
            assertEquals(Optional.of(started.plusMillis(BREAK_MS)), paused.pauseUntil(now()));
            assertEquals(before, paused.remaining(now()).orElseThrow());
            clock.advance(Duration.ofMinutes(7));
            assertEquals(before, paused.remaining(now()).orElseThrow(), "the timer is frozen during the break");
        }

        @Test
        void endingABreakEarlyGivesBackTheUnusedTime() {
            ExamSession s = answerRange(exam(), 1, 60, "A");
            clock.advance(Duration.ofMinutes(10));
            ExamSession paused = s.startPause(60, now());
            clock.advance(Duration.ofMinutes(4));

            ExamSession ended = paused.endPause(now());

            Duration unused = Duration.between(now(), paused.pauses().pauseUntil());
            assertEquals(Duration.ofMinutes(6), unused);
            assertEquals(paused.deadline().minus(unused), ended.deadline());
            assertEquals(s.deadline().plus(Duration.ofMinutes(4)), ended.deadline());
            assertFalse(ended.isPaused(now()));
            assertNull(ended.pauses().pauseUntil());
            assertEquals(Set.of(60), ended.pauses().consumed());
            assertEquals(Optional.of(Duration.ofMinutes(220)), ended.remaining(now()));
        }

        @Test
        void aBreakEndsByItselfAtPauseUntil() {
            ExamSession paused = answerRange(exam(), 1, 60, "A").startPause(60, now());
            Instant until = paused.pauses().pauseUntil();

            clock.set(until.minusMillis(1));
            assertTrue(paused.isPaused(now()));
            refused(ErrorCode.EXAM_PAUSED, () -> answer(paused, 61, "A"));

            clock.set(until);
            assertFalse(paused.isPaused(now()));
            assertEquals(Optional.empty(), paused.pauseUntil(now()));
            assertEquals(Optional.of(Duration.ofMinutes(230)), paused.remaining(now()));
            assertSame(paused, paused.endPause(now()), "no break runs any more: nothing to end");
            ExamSession answered = answer(paused, 61, "B");
            assertEquals("B", answered.answers().get(qid(61)));
            assertEquals(paused.deadline(), answered.deadline());
            clock.advance(Duration.ofMinutes(1));
            assertEquals(Optional.of(Duration.ofMinutes(229)), answered.remaining(now()));
        }

        @Test
        void aCheckpointNotReachedIsRefused() {
            ExamSession s = answerRange(exam(), 1, 59, "A");
            ExamException e = refused(ErrorCode.CHECKPOINT_NOT_REACHED, () -> s.startPause(60, now()));
            assertEquals(59, e.fields().get("answeredCount"));
            assertFalse(s.canPause(now()));
            assertTrue(answer(s, 60, "A").canPause(now()));
        }

        @Test
        void reachedMeansAnsweredCountNotPosition() {
            ExamSession s = answerRange(exam(), 100, 159, "C");
            ExamSession paused = s.startPause(60, now());
            assertTrue(paused.isPaused(now()));
        }

        @Test
        void aConsumedCheckpointCannotBeTakenAgain() {
            ExamSession s = answerRange(exam(), 1, 60, "A").startPause(60, now());
            clock.advance(Duration.ofMinutes(2));
            ExamSession ended = s.endPause(now());
            refused(ErrorCode.CHECKPOINT_CONSUMED, () -> ended.startPause(60, now()));
            clock.advance(Duration.ofMinutes(30));
            refused(ErrorCode.CHECKPOINT_CONSUMED, () -> ended.startPause(60, now()));
            // also after the break ran out by itself
            clock.set(s.pauses().pauseUntil());
            refused(ErrorCode.CHECKPOINT_CONSUMED, () -> s.startPause(60, now()));
        }

        @Test
        void checkpointsMayBeTakenInAnyOrderEachOnce() {
            ExamSession s = answerRange(exam(), 1, 120, "A");
            assertEquals(Optional.of(60), s.nextCheckpoint());

            ExamSession first = s.startPause(120, now());
            assertEquals(120, first.lockedThrough());
            clock.advance(Duration.ofMinutes(1));
            ExamSession between = first.endPause(now());
            assertEquals(Optional.of(60), between.nextCheckpoint());
            assertTrue(between.canPause(now()));

            ExamSession second = between.startPause(60, now());
            assertEquals(Set.of(60, 120), second.pauses().consumed());
            assertEquals(120, second.lockedThrough(), "the later break keeps the wider lock");
            assertEquals(between.deadline().plusMillis(BREAK_MS), second.deadline());
            clock.advance(Duration.ofMinutes(1));
            ExamSession done = second.endPause(now());
            assertEquals(Optional.empty(), done.nextCheckpoint());
            assertFalse(done.canPause(now()));
            refused(ErrorCode.CHECKPOINT_CONSUMED, () -> done.startPause(120, now()));
        }

        @Test
        void aCheckpointOutsideThePolicyIsInvalid() {
            ExamSession s = answerRange(exam(), 1, 120, "A");
            for (int c : new int[] {0, 59, 90, 180, -1}) {
                refused(ErrorCode.INVALID_CHECKPOINT, () -> s.startPause(c, now()));
            }
        }

        @Test
        void practiceHasNoBreaks() {
            ExamSession s = answerRange(practice(), 1, 60, "A");
            refused(ErrorCode.INVALID_CHECKPOINT, () -> s.startPause(60, now()));
            assertFalse(s.canPause(now()));
            assertEquals(Optional.empty(), s.nextCheckpoint());
            assertSame(s, s.endPause(now()));
        }
    }

    @Nested
    class SectionLock {
        /** Positions 2..61 answered "A" (position 1 left empty), break at 60 taken and ended. */
        ExamSession lockedAt60() {
            ExamSession s = answerRange(exam(), 2, 61, "A").startPause(60, now());
            clock.advance(Duration.ofMinutes(1));
            return s.endPause(now());
        }

        @Test
        void answeredAndUnansweredPositionsUpToTheCheckpointAreLocked() {
            ExamSession s = lockedAt60();
            assertEquals(60, s.lockedThrough());
            assertTrue(s.isLocked(1));
            assertTrue(s.isLocked(60));
            assertFalse(s.isLocked(61));

            ExamException e = refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 1, "B"));
            assertEquals(60, e.fields().get("lockedThrough"));
            refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 2, "B"));
            refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 2, null));
            refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 60, "D"));
            refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 60, null));

            ExamSession changed = answer(s, 61, "B");
            assertEquals("B", changed.answers().get(qid(61)));
            ExamSession cleared = answer(changed, 61, null);
            assertFalse(cleared.answers().containsKey(qid(61)));
            assertEquals("A", cleared.answers().get(qid(60)));
        }

        @Test
        void clearingAnAlreadyEmptyLockedPositionIsARepeatNotAChange() {
            ExamSession s = lockedAt60();
            assertSame(s, answer(s, 1, null));
        }

        @Test
        void theLockStartsWithTheBreakAndStaysAfterIt() {
            ExamSession paused = answerRange(exam(), 1, 60, "A").startPause(60, now());
            assertEquals(60, paused.lockedThrough());
            clock.set(paused.pauses().pauseUntil());
            refused(ErrorCode.SECTION_LOCKED, () -> answer(paused, 30, "C"));
        }

        @Test
        void skippingABreakLocksNothing() {
            ExamSession s = answerRange(exam(), 1, 130, "A");
            assertEquals(0, s.lockedThrough());
            ExamSession changed = answer(s, 1, "B");
            assertEquals("B", changed.answers().get(qid(1)));
            assertFalse(answer(changed, 60, null).answers().containsKey(qid(60)));

            // taking 60 and skipping 120 locks 1..60 only
            ExamSession at60 = s.startPause(60, now());
            clock.set(at60.pauses().pauseUntil());
            assertEquals(60, at60.lockedThrough());
            assertEquals("B", answer(at60, 61, "B").answers().get(qid(61)));
            assertEquals("B", answer(at60, 120, "B").answers().get(qid(120)));
        }
    }

    @Nested
    class Practice {
        @Test
        void practiceIsUntimedWithoutPausePolicy() {
            ExamSession s = practice();
            assertEquals(ExamMode.PRACTICE, s.mode());
            assertFalse(s.isTimed());
            assertNull(s.deadline());
            assertNull(s.pausePolicy());
            assertEquals(Optional.empty(), s.remaining(now()));
            assertEquals(0, s.lockedThrough());
        }

        @Test
        void practiceNeverExpires() {
            ExamSession s = practice();
            clock.advance(Duration.ofDays(1000));
            assertFalse(s.isOverdue(now()));
            ExamSession answered = answer(s, 1, "B");
            assertEquals("B", answered.answers().get(qid(1)));
            assertTrue(answered.flag(qid(2), true, now()).flags().contains(qid(2)));
            assertSame(answered, answered.timeOut(keys, now()));
            ExamSession submitted = answered.submit(keys, now());
            assertEquals(ExamStatus.SUBMITTED, submitted.status());
            assertEquals(0, submitted.result().correct());
        }

        @Test
        void theConstructorDropsDeadlineAndPolicyInPractice() {
            ExamSession s = new ExamSession(ID, 1, 7, "pmp", ExamMode.PRACTICE, questionIds, Map.of(), Set.of(),
                    PMP.pausePolicy(), null, T0, T0.plusSeconds(60), ExamStatus.IN_PROGRESS, null, 1);
            assertNull(s.deadline());
            assertNull(s.pausePolicy());
            assertEquals(Pauses.none(), s.pauses());
        }
    }

    @Nested
    class AnswersAndFlags {
        @Test
        void anAnswerIsRecordedChangedAndCleared() {
            ExamSession s = exam();
            ExamSession a = answer(s, 1, "B");
            assertNotSame(s, a);
            assertEquals(Map.of(qid(1), "B"), a.answers());
            assertEquals(1, a.answeredCount());
            assertEquals(1, a.version(), "the rule does not bump the version; the repository does");

            ExamSession b = answer(a, 1, "C");
            assertEquals("C", b.answers().get(qid(1)));
            ExamSession cleared = answer(b, 1, null);
            assertTrue(cleared.answers().isEmpty());
            assertEquals(0, cleared.answeredCount());
            assertTrue(cleared.sameStateAs(s));
        }

        @Test
        void aChoiceOutsideTheOptionsIsInvalid() {
            ExamSession s = exam();
            ExamException e = refused(ErrorCode.INVALID_CHOICE, () -> answer(s, 1, "E"));
            assertEquals(List.of("A", "B", "C", "D"), e.fields().get("options"));
            refused(ErrorCode.INVALID_CHOICE, () -> answer(s, 1, "a"));
            refused(ErrorCode.INVALID_CHOICE, () -> answer(s, 1, ""));
        }

        @Test
        void aQuestionNotInTheExamIsNotFound() {
            ExamSession s = exam();
            QuestionKey foreign = new QuestionKey(9, List.of("A", "B"), "A", null);
            refused(ErrorCode.QUESTION_NOT_FOUND, () -> s.answer(foreign, "A", now()));
            refused(ErrorCode.QUESTION_NOT_FOUND, () -> s.answer(foreign, null, now()));
            refused(ErrorCode.QUESTION_NOT_FOUND, () -> s.flag(9, true, now()));
            assertEquals(Optional.empty(), s.positionOf(9));
            assertEquals(Optional.of(5), s.positionOf(qid(5)));
        }

        @Test
        void flagsAreSetAndCleared() {
            ExamSession s = exam();
            ExamSession flagged = s.flag(qid(3), true, now());
            assertEquals(Set.of(qid(3)), flagged.flags());
            assertSame(flagged, flagged.flag(qid(3), true, now()));
            ExamSession cleared = flagged.flag(qid(3), false, now());
            assertTrue(cleared.flags().isEmpty());
            assertSame(cleared, cleared.flag(qid(3), false, now()));
            assertSame(s, s.flag(qid(4), false, now()));
        }

        @Test
        void flagsAreNotSubjectToTheSectionLock() {
            ExamSession s = answerRange(exam(), 1, 60, "A").startPause(60, now());
            clock.set(s.pauses().pauseUntil());
            assertTrue(s.flag(qid(1), true, now()).flags().contains(qid(1)));
        }

        @Test
        void anExpectedVersionMustBeTheCurrentOne() {
            ExamSession s = exam().withVersion(7);
            ExamException e = assertThrows(ExamException.class, () -> s.requireVersion(6L));
            assertEquals(ErrorCode.VERSION_MISMATCH, e.code());
            assertEquals(7L, e.fields().get("version"));
            assertThrows(ExamException.class, () -> s.requireVersion(8L));
            assertDoesNotThrow(() -> s.requireVersion(7L));
            assertDoesNotThrow(() -> s.requireVersion(null));
        }
    }

    @Nested
    class ScoringOnSubmit {
        final ExamType mini = new ExamType("mini", "Mini", 6, 60, new PausePolicy(List.of(2, 4), 60_000));
        final Map<Long, QuestionKey> miniKeys = new LinkedHashMap<>();

        ExamSession miniExam() {
            String[] domains = {"People", "People", "People", "Process", "Process", null};
            for (int i = 0; i < 6; i++) {
                long id = 1 + i;
                miniKeys.put(id, new QuestionKey(id, List.of("A", "B", "C"), "B", domains[i]));
            }
            return ExamSession.start(ID, 7, mini, ExamMode.EXAM, List.of(1L, 2L, 3L, 4L, 5L, 6L), now());
        }

        @Test
        void submitScoresOverallAndPerDomain() {
            ExamSession s = miniExam();
            s = s.answer(miniKeys.get(1L), "B", now());
            s = s.answer(miniKeys.get(2L), "B", now());
            s = s.answer(miniKeys.get(3L), "A", now());
            s = s.answer(miniKeys.get(4L), "B", now());
            s = s.answer(miniKeys.get(6L), "B", now());
            clock.advance(Duration.ofMinutes(12));

            ExamSession done = s.submit(miniKeys, now());

            assertEquals(ExamStatus.SUBMITTED, done.status());
            ExamResult r = done.result();
            assertEquals(4, r.correct());
            assertEquals(6, r.total());
            assertEquals(66.7, r.scorePercent());
            assertEquals(now(), r.finishedAt());
            assertEquals(Map.of("People", new DomainScore(2, 3), "Process", new DomainScore(1, 2),
                    "General", new DomainScore(1, 1)), r.byDomain());
            assertEquals(Optional.of(Duration.ZERO), done.remaining(now()));
            assertEquals(s.answers(), done.answers());
        }

        @Test
        void aQuestionMissingFromTheKeyCountsAsWrong() {
            ExamSession s = miniExam();
            for (long id = 1; id <= 6; id++) {
                s = s.answer(miniKeys.get(id), "B", now());
            }
            Map<Long, QuestionKey> partial = new LinkedHashMap<>(miniKeys);
            partial.remove(4L);
            ExamResult r = s.submit(partial, now()).result();
            assertEquals(5, r.correct());
            assertEquals(6, r.total());
            assertEquals(83.3, r.scorePercent());
            assertEquals(new DomainScore(1, 2), r.byDomain().get("General"));
        }

        @Test
        void aBreakRunningAtSubmitIsEnded() {
            ExamSession s = miniExam();
            s = s.answer(miniKeys.get(1L), "B", now()).answer(miniKeys.get(2L), "C", now());
            ExamSession paused = s.startPause(2, now());
            ExamSession done = paused.submit(miniKeys, now());
            assertEquals(ExamStatus.SUBMITTED, done.status());
            assertNull(done.pauses().pauseUntil());
            assertEquals(Set.of(2), done.pauses().consumed());
            assertFalse(done.isPaused(now()));
        }

        @ParameterizedTest
        @CsvSource({"0,0.0", "1,16.7", "2,33.3", "3,50.0", "5,83.3", "6,100.0"})
        void scorePercentIsRoundedToOneDecimal(int right, double percent) {
            ExamSession s = miniExam();
            for (long id = 1; id <= 6; id++) {
                s = s.answer(miniKeys.get(id), id <= right ? "B" : "C", now());
            }
            ExamResult r = s.submit(miniKeys, now()).result();
            assertEquals(right, r.correct());
            assertEquals(percent, r.scorePercent());
        }
    }

    @Nested
    class Idempotency {
        @Test
        void theSameAnswerAgainIsTheSameInstance() {
            ExamSession s = answer(exam(), 1, "B");
            assertSame(s, answer(s, 1, "B"));
            assertSame(s, answer(s, 2, null), "clearing an empty answer");
        }

        @Test
        void aRetriedAnswerAfterItsSectionGotLockedIsStillARepeat() {
            ExamSession paused = answerRange(exam(), 1, 60, "A").startPause(60, now());
            assertSame(paused, answer(paused, 1, "A"), "during the break");
            clock.advance(Duration.ofMinutes(2));
            ExamSession ended = paused.endPause(now());
            assertSame(ended, answer(ended, 1, "A"), "after the break, in the locked section");
            refused(ErrorCode.SECTION_LOCKED, () -> answer(ended, 1, "B"));
        }

        @Test
        void aRetriedAnswerAfterTheExamFinishedIsStillARepeat() {
            ExamSession s = answerRange(exam(), 1, 3, "B");
            ExamSession submitted = s.submit(keys, now());
            assertSame(submitted, answer(submitted, 2, "B"));
            assertSame(submitted, submitted.flag(qid(2), false, now()));
            refused(ErrorCode.EXAM_FINISHED, () -> answer(submitted, 2, "C"));

            clock.set(s.deadline().plusSeconds(1));
            ExamSession timedOut = s.timeOut(keys, now());
            assertSame(timedOut, answer(timedOut, 3, "B"));
        }

        @Test
        void startingTheRunningBreakAgainIsARepeat() {
            ExamSession paused = answerRange(exam(), 1, 120, "A").startPause(60, now());
            clock.advance(Duration.ofMinutes(3));
            assertSame(paused, paused.startPause(60, now()));
            refused(ErrorCode.EXAM_PAUSED, () -> paused.startPause(120, now()));
        }

        @Test
        void endingWhenNoBreakRunsIsARepeat() {
            ExamSession s = answerRange(exam(), 1, 60, "A");
            assertSame(s, s.endPause(now()));
            ExamSession ended = s.startPause(60, now()).endPause(now());
            assertSame(ended, ended.endPause(now()));
            ExamSession submitted = s.submit(keys, now());
            assertSame(submitted, submitted.endPause(now()));
        }

        @Test
        void finishingAgainInTheSameEndStateIsARepeat() {
            ExamSession s = answer(exam(), 1, "A");
            ExamSession submitted = s.submit(keys, now());
            ExamSession abandoned = s.abandon(keys, now());
            assertEquals(ExamStatus.ABANDONED, abandoned.status());
            clock.advance(Duration.ofDays(1));
            assertSame(submitted, submitted.submit(keys, now()));
            assertSame(abandoned, abandoned.abandon(keys, now()));

            ExamSession timedOut = s.timeOut(keys, now());
            assertEquals(ExamStatus.TIMED_OUT, timedOut.status());
            assertSame(timedOut, timedOut.submit(keys, now()), "submit of TIMED_OUT answers the current state");
            assertSame(timedOut, timedOut.timeOut(keys, now()));
        }

        @Test
        void finishingInADifferentEndStateIsRefused() {
            ExamSession s = exam();
            ExamSession submitted = s.submit(keys, now());
            ExamSession abandoned = s.abandon(keys, now());
            refused(ErrorCode.EXAM_FINISHED, () -> abandoned.submit(keys, now()));
            refused(ErrorCode.EXAM_FINISHED, () -> submitted.abandon(keys, now()));
            clock.set(s.deadline());
            ExamSession timedOut = s.timeOut(keys, now());
            ExamException e = refused(ErrorCode.EXAM_FINISHED, () -> timedOut.abandon(keys, now()));
            assertEquals("TIMED_OUT", e.fields().get("examStatus"));
        }
    }

    @Nested
    class ErrorPrecedence {
        /** Positions 1..60 answered, break at 60 taken and ended: 1..60 locked. */
        ExamSession locked() {
            ExamSession s = answerRange(exam(), 1, 60, "A").startPause(60, now());
            clock.advance(Duration.ofMinutes(1));
            return s.endPause(now());
        }

        @Test
        void notFoundBeatsEverything() {
            ExamSession s = locked().submit(keys, now());
            clock.advance(Duration.ofDays(1));
            QuestionKey foreign = new QuestionKey(9, List.of("A"), "A", null);
            refused(ErrorCode.QUESTION_NOT_FOUND, () -> s.answer(foreign, "Z", now()));
            refused(ErrorCode.QUESTION_NOT_FOUND, () -> s.flag(9, true, now()));
        }

        @Test
        void finishedBeatsTimeUpLockedAndInvalidValue() {
            ExamSession s = locked().submit(keys, now());
            clock.set(s.deadline().plusSeconds(1));
            ExamException e = refused(ErrorCode.EXAM_FINISHED, () -> answer(s, 1, "Z"));
            assertEquals("SUBMITTED", e.fields().get("examStatus"));
            refused(ErrorCode.EXAM_FINISHED, () -> s.startPause(999, now()));
            refused(ErrorCode.EXAM_FINISHED, () -> s.startPause(60, now()));
            refused(ErrorCode.EXAM_FINISHED, () -> s.flag(qid(1), true, now()));
        }

        @Test
        void timeUpBeatsLockedAndInvalidValue() {
            ExamSession s = locked();
            clock.set(s.deadline());
            ExamException e = refused(ErrorCode.TIME_EXPIRED, () -> answer(s, 1, "Z"));
            assertEquals(s.deadline().toEpochMilli(), e.fields().get("deadline"));
            refused(ErrorCode.TIME_EXPIRED, () -> answer(s, 100, "B"));
            refused(ErrorCode.TIME_EXPIRED, () -> s.startPause(999, now()));
            refused(ErrorCode.TIME_EXPIRED, () -> s.startPause(120, now()));
            refused(ErrorCode.TIME_EXPIRED, () -> s.flag(qid(1), true, now()));
            refused(ErrorCode.TIME_EXPIRED, () -> s.abandon(keys, now()));
        }

        @Test
        void pausedBeatsLockedAndInvalidValue() {
            ExamSession s = answerRange(exam(), 1, 120, "A").startPause(60, now());
            ExamException e = refused(ErrorCode.EXAM_PAUSED, () -> answer(s, 1, "Z"));
            assertEquals(s.pauses().pauseUntil().toEpochMilli(), e.fields().get("pauseUntil"));
            refused(ErrorCode.EXAM_PAUSED, () -> answer(s, 150, "B"));
            refused(ErrorCode.EXAM_PAUSED, () -> s.startPause(999, now()));
            refused(ErrorCode.EXAM_PAUSED, () -> s.flag(qid(1), true, now()));
            refused(ErrorCode.EXAM_PAUSED, () -> s.requireReadable(now()));
            refused(ErrorCode.EXAM_PAUSED, () -> s.requireChangeable(now()));
        }

        @Test
        void lockedBeatsInvalidValue() {
            ExamSession s = locked();
            refused(ErrorCode.SECTION_LOCKED, () -> answer(s, 1, "Z"));
            refused(ErrorCode.INVALID_CHOICE, () -> answer(s, 61, "Z"));
        }

        @Test
        void checkpointErrorsComeAfterTheStateChecks() {
            ExamSession s = answerRange(exam(), 1, 10, "A");
            refused(ErrorCode.INVALID_CHECKPOINT, () -> s.startPause(10, now()));
            refused(ErrorCode.CHECKPOINT_NOT_REACHED, () -> s.startPause(60, now()));
            clock.set(s.deadline());
            refused(ErrorCode.TIME_EXPIRED, () -> s.startPause(60, now()));
        }
    }

    @Nested
    class Overdue {
        @Test
        void timeOutFinalizesAnOverdueExamScoredWithItsAnswers() {
            ExamSession s = answerRange(exam(), 1, 3, "A");
            s = answer(s, 4, "B");
            assertSame(s, s.timeOut(keys, now()), "not overdue: nothing to do");

            clock.set(s.deadline().plusSeconds(5));
            ExamSession done = s.timeOut(keys, now());

            assertEquals(ExamStatus.TIMED_OUT, done.status());
            assertEquals(3, done.result().correct());
            assertEquals(180, done.result().total());
            assertEquals(1.7, done.result().scorePercent());
            assertEquals(now(), done.result().finishedAt());
            assertEquals(new DomainScore(2, 90), done.result().byDomain().get("People"));
            assertEquals(new DomainScore(1, 90), done.result().byDomain().get("Process"));
            assertFalse(done.isOverdue(now()), "a finished exam is not overdue any more");
        }

        @Test
        void submitAfterTheDeadlineTimesOut() {
            ExamSession s = answer(exam(), 1, "A");
            clock.set(s.deadline());
            ExamSession done = s.submit(keys, now());
            assertEquals(ExamStatus.TIMED_OUT, done.status());
            assertEquals(1, done.result().correct());
        }

        @Test
        void submitJustBeforeTheDeadlineIsSubmitted() {
            ExamSession s = exam();
            clock.set(s.deadline().minusMillis(1));
            assertEquals(ExamStatus.SUBMITTED, s.submit(keys, now()).status());
        }

        @Test
        void aBreakPushesTheDeadlineOut() {
            ExamSession s = answerRange(exam(), 1, 60, "A");
            Instant original = s.deadline();
            ExamSession paused = s.startPause(60, now());
            clock.set(paused.pauses().pauseUntil());
            clock.set(original.plusSeconds(1));
            assertFalse(paused.isOverdue(now()));
            assertEquals("B", answer(paused, 61, "B").answers().get(qid(61)));
        }
    }

    @Nested
    class SameState {
        @Test
        void changedByKeepsARepeatAndBumpsTheVersionOfAChange() {
            ExamSession s = exam();
            assertSame(s, s.changedBy(x -> x.endPause(now())));
            ExamSession changed = s.changedBy(x -> x.flag(qid(1), true, now()));
            assertEquals(s.version() + 1, changed.version());
            assertTrue(changed.flags().contains(qid(1)));
            assertThrows(IllegalStateException.class, () -> s.changedBy(x -> x.withAttemptId(99)));
        }

        @Test
        void sameStateIgnoresOnlyTheVersion() {
            ExamSession s = exam();
            assertTrue(s.sameStateAs(s.withVersion(42)));
            assertTrue(s.sameStateAs(ExamSession.start(ID, 7, PMP, ExamMode.EXAM, questionIds, T0)));
            assertFalse(s.sameStateAs(answer(s, 1, "A")));
            assertFalse(s.sameStateAs(s.flag(qid(1), true, now())));
            assertFalse(s.sameStateAs(s.withAttemptId(5)));
            assertFalse(s.sameStateAs(s.submit(keys, now())));
            assertFalse(s.sameStateAs(null));
        }

        @Test
        void sameStateComparesAnswersByQuestionAndChoice() {
            ExamSession ab = answer(answer(exam(), 1, "A"), 2, "B");
            assertTrue(ab.sameStateAs(answer(answer(exam(), 2, "B"), 1, "A").withVersion(9)));
            assertFalse(ab.sameStateAs(answer(answer(exam(), 1, "A"), 2, "C")));
            assertFalse(ab.sameStateAs(answer(answer(exam(), 1, "A"), 3, "B")));
            assertFalse(ab.sameStateAs(answer(exam(), 1, "A")));
        }

        @Test
        void sameStateKnowsEveryComponent() {
            // sameStateAs compares the components one by one: a new component must be added there, then here
            List<String> components = java.util.Arrays.stream(ExamSession.class.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName).toList();
            assertEquals(List.of("sessionId", "attemptId", "userId", "examType", "mode", "questionIds", "answers",
                    "flags", "pausePolicy", "pauses", "startedAt", "deadline", "status", "result", "version"), components);
            ExamSession s = answerRange(exam(), 1, 60, "A");
            assertFalse(s.sameStateAs(s.startPause(60, now())), "pauses and deadline");
            assertFalse(s.sameStateAs(s.submit(keys, now())), "status and result");
        }
    }
}
