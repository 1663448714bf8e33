package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.failover.NoCopySessionPort;
import dev.examsessions.domain.failover.UnavailableSessionPort;
import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.fakes.FakeAttemptRepository;
import dev.examsessions.domain.fakes.FakeQuestionBank;
import dev.examsessions.domain.fakes.FakeSessionPort;
import dev.examsessions.domain.fakes.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The use cases over in-test fakes of the ports. */
class ExamServiceTest {
    static final long ALICE = 1;
    static final long MALLORY = 2;
    static final ExamType MINI = new ExamType("mini", "Mini", 6, 60, new PausePolicy(List.of(2, 4), 600_000));
    static final ExamType OTHER = new ExamType("other", "Other", 3, 30, null);
    static final ExamType BIG = new ExamType("big", "Big", 50, 30, null);

    final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    final FakeSessionPort sessions = new FakeSessionPort("memory", clock);
    final FakeAttemptRepository attempts = new FakeAttemptRepository();
    final FakeQuestionBank bank = new FakeQuestionBank(1, 10, "People", "Process");
    final ExamCatalog catalog = () -> List.of(MINI, OTHER, BIG);
    final Limiter limiter = new Limiter();
    final Events events = new Events();
    final ExamService service = new ExamService(sessions, attempts, bank, catalog, limiter, events, clock);

    /** Allows everything until told to refuse; counts what it was asked. */
    static final class Limiter implements RateLimiter {
        final AtomicInteger calls = new AtomicInteger();
        volatile Duration refuseFor;

        @Override
        public Optional<Duration> tryAcquire(String key) {
            calls.incrementAndGet();
            return Optional.ofNullable(refuseFor);
        }
    }

    /** A finished exam's copy replaces the running one, for {@link SessionPort#GUARD_TTL} only. */
    void assertFinishedCopy(SessionId id, ExamStatus status) {
        ExamSession copy = sessions.peek(id).orElseThrow(() -> new AssertionError("no finished copy of " + id));
        assertEquals(status, copy.status());
        assertEquals(attempt(id), copy, "the copy is the finished attempt");
        assertFalse(sessions.peekExpiry(id).orElseThrow().isAfter(clock.instant().plus(SessionPort.GUARD_TTL)),
                "a finished copy lives at most the guard TTL");
    }

    static final class Events implements ExamEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public void examStarted(ExamSession s) {
            seen.add("started");
        }

        @Override
        public void examFinished(ExamSession s) {
            seen.add("finished:" + s.status());
        }

        @Override
        public void answerRecorded(ExamSession s) {
            seen.add("answer");
        }

        @Override
        public void sessionRebuilt(ExamSession s) {
            seen.add("rebuilt");
        }

        @Override
        public void examStartRefused() {
            seen.add("refused");
        }

        long count(String what) {
            return seen.stream().filter(what::equals).count();
        }
    }

    Instant now() {
        return clock.instant();
    }

    SessionId start() {
        return service.select(ALICE, "mini", "exam", null).session().sessionId();
    }

    ExamSession attempt(SessionId id) {
        return attempts.find(id).orElseThrow();
    }

    static ExamException refused(ErrorCode expected, Executable action) {
        ExamException e = assertThrows(ExamException.class, action);
        assertEquals(expected, e.code(), e.getMessage());
        return e;
    }

    // ---- select --------------------------------------------------------------------------------

    @Test
    void selectCreatesAnAttemptAndItsCopy() {
        ExamView v = service.select(ALICE, "mini", "exam", null);
        ExamSession s = v.session();
        assertFalse(v.resumed());
        assertFalse(v.recovered());
        assertTrue(s.attemptId() > 0);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), s.questionIds());
        assertEquals(now().plus(MINI.duration()), s.deadline());
        assertEquals(s, attempt(s.sessionId()));
        assertEquals(Optional.of(s), sessions.peek(s.sessionId()));
        assertEquals(now().plus(SessionPort.DEFAULT_TTL), v.expiresAt());
        assertEquals(1, limiter.calls.get());
        assertEquals(List.of("started"), events.seen);
    }

    @Test
    void selectFinalizesAnOverdueOpenAttemptInsteadOfResumingIt() {
        SessionId old = start();
        service.answer(ALICE, old, 1, "B", null);
        clock.advance(MINI.duration());

        ExamView fresh = service.select(ALICE, "mini", "exam", null);
        assertFalse(fresh.resumed());
        assertNotEquals(old, fresh.session().sessionId());
        assertEquals(ExamStatus.TIMED_OUT, attempt(old).status());
        assertEquals(1, attempt(old).answers().size());
        assertFinishedCopy(old, ExamStatus.TIMED_OUT);
        assertEquals(1, events.count("finished:TIMED_OUT"));
    }

    @Test
    void selectResumesTheOpenAttemptOfTheSameTypeAndMode() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "B", null);

        ExamView again = service.select(ALICE, "mini", "exam", null);
        assertTrue(again.resumed());
        assertEquals(id, again.session().sessionId());
        assertEquals("B", again.session().answers().get(1L));
        assertEquals(2, again.session().version());

        ExamView practice = service.select(ALICE, "mini", "practice", 3);
        assertFalse(practice.resumed());
        assertNotEquals(id, practice.session().sessionId());
        assertEquals(3, practice.session().questionIds().size());
        ExamView practiceAgain = service.select(ALICE, "mini", "practice", 5);
        assertTrue(practiceAgain.resumed(), "a practice resume ignores questionCount");
        assertEquals(practice.session().sessionId(), practiceAgain.session().sessionId());

        ExamView otherType = service.select(ALICE, "other", "exam", null);
        assertFalse(otherType.resumed());
        ExamView otherUser = service.select(MALLORY, "mini", "exam", null);
        assertFalse(otherUser.resumed());
        assertNotEquals(id, otherUser.session().sessionId());
        assertEquals(4, events.count("started"));
        assertEquals(3, service.active(ALICE).attempts().size());
    }

    @Test
    void aFinishedAttemptIsNotResumed() {
        SessionId id = start();
        service.submit(ALICE, id, null);
        ExamView next = service.select(ALICE, "mini", "exam", null);
        assertFalse(next.resumed());
        assertNotEquals(id, next.session().sessionId());
    }

    @Test
    void resumingWhenTheCopyIsGoneRebuildsIt() {
        SessionId id = start();
        sessions.drop(id);
        ExamView v = service.select(ALICE, "mini", "exam", null);
        assertTrue(v.resumed());
        assertTrue(v.recovered());
        assertEquals(id, v.session().sessionId());
        assertTrue(sessions.peek(id).isPresent());
    }

    @Test
    void selectValidatesItsInput() {
        refused(ErrorCode.UNKNOWN_EXAM_TYPE, () -> service.select(ALICE, "nope", "exam", null));
        refused(ErrorCode.INVALID_MODE, () -> service.select(ALICE, "mini", "EXAM", null));
        refused(ErrorCode.INVALID_QUESTION_COUNT, () -> service.select(ALICE, "mini", "exam", 3));
        refused(ErrorCode.INVALID_QUESTION_COUNT, () -> service.select(ALICE, "mini", "practice", 0));
        refused(ErrorCode.INVALID_QUESTION_COUNT, () -> service.select(ALICE, "mini", "practice", 7));
        refused(ErrorCode.NOT_ENOUGH_QUESTIONS, () -> service.select(ALICE, "big", "exam", null));
        assertTrue(service.active(ALICE).attempts().isEmpty());
        assertEquals(0, sessions.writes.get());
        assertEquals(ExamMode.EXAM, service.select(ALICE, "mini", null, null).session().mode());
    }

    @Test
    void tooManyStartsAreRateLimitedButResumingDoesNotCount() {
        SessionId id = start();
        limiter.refuseFor = Duration.ofMillis(1500);

        ExamException e = refused(ErrorCode.RATE_LIMITED, () -> service.select(ALICE, "other", "exam", null));
        assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter());
        assertEquals(1, service.active(ALICE).attempts().size(), "nothing was created");
        int asked = limiter.calls.get();

        ExamView resumed = service.select(ALICE, "mini", "exam", null);
        assertTrue(resumed.resumed());
        assertEquals(id, resumed.session().sessionId());
        assertEquals(asked, limiter.calls.get(), "a resume does not ask the limiter");

        limiter.refuseFor = Duration.ofMillis(10);
        ExamException small = refused(ErrorCode.RATE_LIMITED, () -> service.select(ALICE, "other", "exam", null));
        assertEquals(Optional.of(Duration.ofSeconds(1)), small.retryAfter());
        assertEquals(2, events.count("refused"), "each refused start is reported, the resume is not");
    }

    @Test
    void selectRacingAnotherCreateResumesTheWinner() {
        SessionId winner = start();
        FakeAttemptRepository racing = new FakeAttemptRepository() {
            @Override
            public List<ExamSession> openAttempts(long userId) {
                return List.of(); // the other instance's create is not visible yet
            }

            @Override
            public ExamSession create(ExamSession session) {
                throw new OpenAttemptExists(winner);
            }

            @Override
            public Optional<ExamSession> find(SessionId id) {
                return attempts.find(id);
            }
        };
        ExamService other = new ExamService(sessions, racing, bank, catalog, limiter, events, clock);
        ExamView v = other.select(ALICE, "mini", "exam", null);
        assertTrue(v.resumed());
        assertEquals(winner, v.session().sessionId());
    }

    // ---- answers and the two homes -------------------------------------------------------------

    @Test
    void anAnswerIsCommittedToTheAttemptBeforeTheCopyIsWritten() {
        SessionId id = start();
        List<String> order = new ArrayList<>();
        sessions.onWrite = copy -> order.add("copy v" + copy.version() + " while attempt at v" + attempt(id).version());

        ExamSession after = service.answer(ALICE, id, 2, "C", null).session();

        assertEquals(2, after.version());
        assertEquals("C", after.answers().get(2L));
        assertEquals(after, attempt(id));
        assertEquals(after, sessions.peek(id).orElseThrow());
        assertEquals(List.of("copy v2 while attempt at v2"), order);
        assertEquals(1, events.count("answer"));
    }

    @Test
    void aRepeatedAnswerChangesNothingAnywhere() {
        SessionId id = start();
        service.answer(ALICE, id, 2, "C", null);
        int writes = sessions.writes.get();

        ExamSession again = service.answer(ALICE, id, 2, "C", null).session();

        assertEquals(2, again.version());
        assertEquals(2, attempt(id).version());
        assertEquals(writes, sessions.writes.get());
        assertEquals(1, events.count("answer"));
    }

    @Test
    void theVersionGoesUpByOneOnEveryChange() {
        SessionId id = start();
        assertEquals(2, service.answer(ALICE, id, 1, "A", null).session().version());
        assertEquals(3, service.flag(ALICE, id, 1, true, null).session().version());
        assertEquals(3, service.flag(ALICE, id, 1, true, null).session().version());
        assertEquals(4, service.answer(ALICE, id, 1, null, 3L).session().version());
        refused(ErrorCode.VERSION_MISMATCH, () -> service.answer(ALICE, id, 1, "B", 3L));
        assertEquals(4, attempt(id).version());
    }

    // ---- expected version (If-Match) -------------------------------------------------------------

    /** A stale expected version refuses the change and leaves attempt and copy as they were. */
    void staleVersionChangesNothing(SessionId id, Executable change) {
        ExamSession before = attempt(id);
        ExamException e = refused(ErrorCode.VERSION_MISMATCH, change);
        assertEquals(before.version(), e.fields().get("version"));
        assertEquals(before, attempt(id));
        assertEquals(Optional.of(before), sessions.peek(id));
    }

    @Test
    void everyChangeHonoursTheExpectedVersion() {
        SessionId id = start(); // version 1
        staleVersionChangesNothing(id, () -> service.answer(ALICE, id, 1, "A", 7L));
        assertEquals(2, service.answer(ALICE, id, 1, "A", 1L).session().version());
        staleVersionChangesNothing(id, () -> service.flag(ALICE, id, 1, true, 1L));
        assertEquals(3, service.flag(ALICE, id, 1, true, 2L).session().version());
        service.answer(ALICE, id, 2, "A", 3L);
        staleVersionChangesNothing(id, () -> service.startPause(ALICE, id, 2, 3L));
        assertEquals(5, service.startPause(ALICE, id, 2, 4L).session().version());
        staleVersionChangesNothing(id, () -> service.endPause(ALICE, id, 4L));
        assertEquals(6, service.endPause(ALICE, id, 5L).session().version());
        staleVersionChangesNothing(id, () -> service.extend(ALICE, id, 60, 5L));
        assertEquals(now().plus(Duration.ofMinutes(60)), service.extend(ALICE, id, 60, 6L));
        staleVersionChangesNothing(id, () -> service.submit(ALICE, id, 5L));
        assertEquals(ExamStatus.SUBMITTED, service.submit(ALICE, id, 6L).session().status());

        SessionId other = service.select(ALICE, "other", "exam", null).session().sessionId();
        staleVersionChangesNothing(other, () -> service.abandon(ALICE, other, 2L));
        assertEquals(ExamStatus.ABANDONED, service.abandon(ALICE, other, 1L).session().status());
    }

    @Test
    void anIdempotentRepeatSucceedsWhateverVersionItExpects() {
        SessionId id = start();
        ExamSession answered = service.answer(ALICE, id, 1, "A", 1L).session();
        // A retry whose first response was lost still names the version it was sent against.
        assertEquals(answered, service.answer(ALICE, id, 1, "A", 1L).session());
        ExamSession flagged = service.flag(ALICE, id, 1, true, 2L).session();
        assertEquals(flagged, service.flag(ALICE, id, 1, true, 2L).session());
        assertEquals(flagged, service.endPause(ALICE, id, 1L).session(), "no break runs: nothing to end");
        ExamSession done = service.submit(ALICE, id, 3L).session();
        assertEquals(done, service.submit(ALICE, id, 3L).session());
        assertEquals(done, attempt(id));
    }

    @Test
    void everyOtherRefusalWinsOverAStaleVersion() {
        SessionId id = start();
        refused(ErrorCode.QUESTION_NOT_FOUND, () -> service.answer(ALICE, id, 99, "A", 9L));
        refused(ErrorCode.INVALID_CHOICE, () -> service.answer(ALICE, id, 1, "Z", 9L));
        refused(ErrorCode.CHECKPOINT_NOT_REACHED, () -> service.startPause(ALICE, id, 2, 9L));
        refused(ErrorCode.INVALID_CHECKPOINT, () -> service.startPause(ALICE, id, 3, 9L));
        refused(ErrorCode.INVALID_EXTENSION, () -> service.extend(ALICE, id, 0, 9L));
        service.answer(ALICE, id, 1, "A", null);
        service.answer(ALICE, id, 2, "A", null);
        service.startPause(ALICE, id, 2, null);
        refused(ErrorCode.EXAM_PAUSED, () -> service.answer(ALICE, id, 3, "A", 1L));
        service.endPause(ALICE, id, null);
        refused(ErrorCode.SECTION_LOCKED, () -> service.answer(ALICE, id, 1, "B", 1L));
        service.submit(ALICE, id, null);
        refused(ErrorCode.EXAM_FINISHED, () -> service.answer(ALICE, id, 3, "A", 1L));
        refused(ErrorCode.EXAM_FINISHED, () -> service.extend(ALICE, id, 60, 1L));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.submit(MALLORY, id, 1L));

        SessionId late = service.select(ALICE, "other", "exam", null).session().sessionId();
        clock.advance(OTHER.duration());
        refused(ErrorCode.TIME_EXPIRED, () -> service.answer(ALICE, late, 1, "A", 9L));
        assertEquals(ExamStatus.TIMED_OUT, attempt(late).status(), "time up still finalizes the attempt");
    }

    @Test
    void aFailedCopyWriteStillAnswersAndMarksTheStaleCopy() {
        SessionId id = start();
        ExamSession first = sessions.peek(id).orElseThrow();
        sessions.failPuts = true;

        ExamSession after = service.answer(ALICE, id, 1, "D", null).session();

        assertEquals(2, after.version());
        assertEquals("D", attempt(id).answers().get(1L));
        assertEquals(Optional.empty(), sessions.peek(id), "no stale copy is left behind");
        assertEquals(2, sessions.peekMarker(id), "copies below version 2 are marked stale");
        assertEquals(0, sessions.deletes.get(), "no delete: it would let an older write recreate the copy");
        sessions.failPuts = false;
        assertFalse(sessions.putIfNewer(first), "an older write still in flight is refused");

        ExamView v = service.state(ALICE, id);
        assertTrue(v.recovered());
        assertEquals("D", v.session().answers().get(1L));
        assertEquals(2, sessions.peek(id).orElseThrow().version());
    }

    @Test
    void aReadRebuildsAMissingCopyFromTheAttempt() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "B", null);
        service.flag(ALICE, id, 3, true, null);
        sessions.drop(id);

        ExamView v = service.state(ALICE, id);

        assertTrue(v.recovered());
        assertEquals(attempt(id), v.session());
        assertEquals(Set.of(3L), v.session().flags());
        assertEquals(3, v.session().version());
        assertEquals(Optional.of(attempt(id)), sessions.peek(id));
        assertEquals(now().plus(SessionPort.DEFAULT_TTL), v.expiresAt());
        assertEquals(1, events.count("rebuilt"));
        assertFalse(service.state(ALICE, id).recovered(), "the next read uses the copy again");
    }

    @Test
    void aReadRebuildsWhenTheStoreCannotAnswer() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "B", null);
        sessions.failGets = true;

        ExamView v = service.state(ALICE, id);

        assertTrue(v.recovered());
        assertEquals("B", v.session().answers().get(1L));
        assertEquals(2, v.session().version());
        assertEquals("B", service.question(ALICE, id, 1).selected());
    }

    @Test
    void aForeignSessionIsNotFoundAndLeavesNoTrace() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "B", null);
        ExamSession before = attempt(id);

        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.state(MALLORY, id));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.question(MALLORY, id, 1));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.answer(MALLORY, id, 1, "C", null));

        sessions.drop(id);
        int writes = sessions.writes.get();
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.state(MALLORY, id));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.pauseStatus(MALLORY, id));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.extend(MALLORY, id, 60, null));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.submit(MALLORY, id, null));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.abandon(MALLORY, id, null));

        assertEquals(Optional.empty(), sessions.peek(id), "no rebuild for a stranger");
        assertEquals(writes, sessions.writes.get());
        assertEquals(0, events.count("rebuilt"));
        assertEquals(before, attempt(id));
    }

    @Test
    void aForeignSurvivingCopyIsNotTakenBack() {
        SessionId id = start();
        attempts.forget(id);
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.answer(MALLORY, id, 1, "C", null));
        assertEquals(Optional.empty(), attempts.find(id));
        assertEquals(1, sessions.peek(id).orElseThrow().version());
    }

    @Test
    void anUnknownSessionIsNotFound() {
        SessionId unknown = SessionId.newId();
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.state(ALICE, unknown));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.answer(ALICE, unknown, 1, "A", null));
        refused(ErrorCode.SESSION_NOT_FOUND, () -> service.extend(ALICE, unknown, 0, null));
    }

    @Test
    void anAnswerAfterTheDeadlineTimesTheAttemptOut() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "A", null);
        service.answer(ALICE, id, 2, "B", null);
        clock.set(attempt(id).deadline());

        ExamException e = refused(ErrorCode.TIME_EXPIRED, () -> service.answer(ALICE, id, 3, "A", null));
        assertEquals(attempt(id).deadline().toEpochMilli(), e.fields().get("deadline"));

        ExamSession stored = attempt(id);
        assertEquals(ExamStatus.TIMED_OUT, stored.status());
        assertEquals(4, stored.version());
        assertEquals(Map.of(1L, "A", 2L, "B"), stored.answers(), "the refused answer is not recorded");
        assertEquals(1, stored.result().correct());
        assertEquals(6, stored.result().total());
        assertEquals(now(), stored.result().finishedAt());
        assertFinishedCopy(id, ExamStatus.TIMED_OUT);
        assertEquals(1, events.count("finished:TIMED_OUT"));

        ExamSession submitted = service.submit(ALICE, id, null).session();
        assertEquals(ExamStatus.TIMED_OUT, submitted.status());
        assertEquals(4, submitted.version());
        ExamView v = service.state(ALICE, id);
        assertEquals(ExamStatus.TIMED_OUT, v.session().status());
        assertFalse(v.recovered(), "finished exams are answered from the attempt");
        assertNull(v.expiresAt());
        assertFinishedCopy(id, ExamStatus.TIMED_OUT);
        refused(ErrorCode.EXAM_FINISHED, () -> service.answer(ALICE, id, 3, "A", null));
    }

    @Test
    void aSubmitAfterTheDeadlineAnswersTimedOut() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "A", null);
        clock.advance(Duration.ofMinutes(61));
        ExamSession done = service.submit(ALICE, id, null).session();
        assertEquals(ExamStatus.TIMED_OUT, done.status());
        assertEquals(1, done.result().correct());
        assertEquals(done, attempt(id));
    }

    @Test
    void submitScoresAndDropsTheCopyAndRepeatsChangeNothing() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "A", null);
        service.answer(ALICE, id, 2, "A", null);
        service.answer(ALICE, id, 3, "B", null);
        refused(ErrorCode.NOT_FINISHED, () -> service.review(ALICE, id));

        ExamSession done = service.submit(ALICE, id, null).session();

        assertEquals(ExamStatus.SUBMITTED, done.status());
        assertEquals(2, done.result().correct());
        assertEquals(33.3, done.result().scorePercent());
        assertEquals(Map.of("People", new DomainScore(1, 3), "Process", new DomainScore(1, 3)), done.result().byDomain());
        assertFinishedCopy(id, ExamStatus.SUBMITTED);
        assertEquals(done, service.submit(ALICE, id, null).session());
        assertEquals(done, service.answer(ALICE, id, 3, "B", null).session(), "a retried identical answer still answers");
        refused(ErrorCode.EXAM_FINISHED, () -> service.abandon(ALICE, id, null));
        List<ReviewItem> review = service.review(ALICE, id);
        assertEquals(6, review.size());
        assertTrue(review.get(0).correct());
        assertFalse(review.get(2).correct());
        assertEquals("B", review.get(2).choice());
        assertEquals(1, events.count("finished:SUBMITTED"));
        assertEquals(1, service.history(ALICE, null, 20).items().size());
    }

    @Test
    void aLateCopyOfAnOlderVersionNeverBringsAFinishedExamBack() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "A", null);
        ExamSession inFlight = sessions.peek(id).orElseThrow();
        service.submit(ALICE, id, null);

        assertFalse(sessions.putIfNewer(inFlight), "the answer's copy arriving after the finish");
        sessions.drop(id);
        service.state(ALICE, id);
        assertFalse(sessions.putIfNewer(inFlight), "nor after the store lost the finished copy and a read restored it");

        assertEquals(ExamStatus.SUBMITTED, service.state(ALICE, id).session().status());
        assertEquals(6, service.review(ALICE, id).size());
        refused(ErrorCode.EXAM_FINISHED, () -> service.extend(ALICE, id, 30, null));
    }

    @Test
    void abandonEndsTheExamAndARepeatChangesNothing() {
        SessionId id = start();
        ExamSession gone = service.abandon(ALICE, id, null).session();
        assertEquals(ExamStatus.ABANDONED, gone.status());
        assertFinishedCopy(id, ExamStatus.ABANDONED);
        assertEquals(gone, service.abandon(ALICE, id, null).session());
        refused(ErrorCode.EXAM_FINISHED, () -> service.submit(ALICE, id, null));
    }

    @Test
    void breaksThroughTheService() {
        SessionId id = start();
        service.answer(ALICE, id, 1, "A", null);
        refused(ErrorCode.CHECKPOINT_NOT_REACHED, () -> service.startPause(ALICE, id, 2, null));
        service.answer(ALICE, id, 2, "A", null);

        ExamSession paused = service.startPause(ALICE, id, 2, null).session();
        assertTrue(paused.isPaused(now()));
        assertEquals(paused, sessions.peek(id).orElseThrow());
        assertEquals(paused, service.startPause(ALICE, id, 2, null).session(), "repeat");
        refused(ErrorCode.EXAM_PAUSED, () -> service.question(ALICE, id, 1));
        refused(ErrorCode.EXAM_PAUSED, () -> service.questions(ALICE, id, 1, 6));
        refused(ErrorCode.QUESTION_NOT_FOUND, () -> service.question(ALICE, id, 7));
        refused(ErrorCode.QUESTION_NOT_FOUND, () -> service.questions(ALICE, id, 7, 9));
        refused(ErrorCode.INVALID_RANGE, () -> service.questions(ALICE, id, 3, 2));
        refused(ErrorCode.EXAM_PAUSED, () -> service.answer(ALICE, id, 3, "A", null));
        assertTrue(service.pauseStatus(ALICE, id).session().isPaused(now()), "pause status is readable during a break");

        clock.advance(Duration.ofMinutes(4));
        ExamSession ended = service.endPause(ALICE, id, null).session();
        assertFalse(ended.isPaused(now()));
        assertEquals(paused.deadline().minus(Duration.ofMinutes(6)), ended.deadline());
        assertEquals(ended.version(), service.endPause(ALICE, id, null).session().version(), "repeat");
        QuestionView q = service.question(ALICE, id, 1);
        assertTrue(q.locked());
        assertEquals("A", q.selected());
        assertFalse(service.question(ALICE, id, 3).locked());
        assertEquals(6, service.questions(ALICE, id, 1, 100).size());
        refused(ErrorCode.SECTION_LOCKED, () -> service.answer(ALICE, id, 2, "B", null));
    }

    // ---- restart, sweep, extend ----------------------------------------------------------------

    @Test
    void aMissingAttemptIsRecreatedFromItsSurvivingCopy() {
        // memory-only attempts lost on restart; the session copy in Redis survived
        ExamSession survivor = ExamSession.start(SessionId.newId(), ALICE, MINI, ExamMode.EXAM,
                List.of(1L, 2L, 3L, 4L, 5L, 6L), now()).withAttemptId(55)
                .answer(bank.question(1).orElseThrow().key(), "A", now()).withVersion(2);
        sessions.seed(survivor, Duration.ofHours(6));
        SessionId id = survivor.sessionId();

        ExamSession after = service.answer(ALICE, id, 2, "B", null).session();

        assertEquals(3, after.version());
        assertEquals(55, after.attemptId());
        assertEquals(Map.of(1L, "A", 2L, "B"), after.answers());
        assertEquals(after, attempt(id));
        assertEquals(after, sessions.peek(id).orElseThrow());
        assertEquals(List.of(after), service.active(ALICE).attempts());
    }

    @Test
    void sweepOverdueFinalizesAndDropsCopies() {
        SessionId a = start();
        service.answer(ALICE, a, 1, "A", null);
        SessionId b = service.select(MALLORY, "mini", "exam", null).session().sessionId();
        SessionId c = service.select(3, "other", "exam", null).session().sessionId();
        SessionId practice = service.select(ALICE, "mini", "practice", null).session().sessionId();
        assertEquals(0, service.sweepOverdue(10), "nothing is overdue yet");

        clock.advance(Duration.ofMinutes(60));
        assertEquals(2, service.sweepOverdue(2));
        assertEquals(1, service.sweepOverdue(2));
        assertEquals(0, service.sweepOverdue(2));

        for (SessionId id : List.of(a, b, c)) {
            assertEquals(ExamStatus.TIMED_OUT, attempt(id).status());
            assertFinishedCopy(id, ExamStatus.TIMED_OUT);
        }
        assertEquals(1, attempt(a).result().correct());
        assertEquals(ExamStatus.IN_PROGRESS, attempt(practice).status());
        assertTrue(sessions.peek(practice).isPresent());
        assertEquals(3, events.count("finished:TIMED_OUT"));
    }

    @Test
    void extendValidatesAndSetsTheCopysTtl() {
        SessionId id = start();
        refused(ErrorCode.INVALID_EXTENSION, () -> service.extend(ALICE, id, 0, null));
        refused(ErrorCode.INVALID_EXTENSION, () -> service.extend(ALICE, id, 1441, null));
        refused(ErrorCode.INVALID_EXTENSION, () -> service.extend(ALICE, id, -5, null));

        assertEquals(now().plus(Duration.ofMinutes(1)), service.extend(ALICE, id, 1, null));
        assertEquals(now().plus(Duration.ofMinutes(1440)), service.extend(ALICE, id, 1440, null));
        assertEquals(Optional.of(now().plus(Duration.ofMinutes(1440))), sessions.peekExpiry(id));

        sessions.drop(id);
        assertEquals(now().plus(Duration.ofMinutes(180)), service.extend(ALICE, id, 180, null));
        assertEquals(Optional.of(now().plus(Duration.ofMinutes(180))), sessions.peekExpiry(id), "rebuilt with that TTL");

        service.submit(ALICE, id, null);
        ExamException e = refused(ErrorCode.EXAM_FINISHED, () -> service.extend(ALICE, id, 60, null));
        assertEquals("SUBMITTED", e.fields().get("examStatus"));
        refused(ErrorCode.EXAM_FINISHED, () -> service.extend(ALICE, id, 0, null));
    }

    @Test
    void nothingIsAcceptedWhileTheStoreRefusesToServe() {
        ExamService failing = new ExamService(new UnavailableSessionPort(), attempts, bank, catalog, limiter, events, clock);
        refused(ErrorCode.STORE_UNAVAILABLE, () -> failing.select(ALICE, "mini", "exam", null));
        assertTrue(attempts.openAttempts(ALICE).isEmpty());
        SessionId id = start();
        refused(ErrorCode.STORE_UNAVAILABLE, () -> failing.answer(ALICE, id, 1, "A", null));
        refused(ErrorCode.STORE_UNAVAILABLE, () -> failing.state(ALICE, id));
        assertEquals(1, attempt(id).version());
        assertFalse(failing.stores().sessionStats().available());
    }

    @Test
    void withoutCopiesEveryReadRebuildsFromTheAttempt() {
        ExamService noCopies = new ExamService(new NoCopySessionPort(), attempts, bank, catalog, limiter, events, clock);
        SessionId id = noCopies.select(ALICE, "mini", "exam", null).session().sessionId();
        assertEquals(2, noCopies.answer(ALICE, id, 1, "C", null).session().version());
        ExamView v = noCopies.state(ALICE, id);
        assertTrue(v.recovered());
        assertEquals("C", v.session().answers().get(1L));
        assertTrue(noCopies.state(ALICE, id).recovered());
        refused(ErrorCode.SESSION_NOT_FOUND, () -> noCopies.state(MALLORY, id));
    }

    @Test
    void practiceRevealsNothingOfTheTimerAndNeverExpires() {
        SessionId id = service.select(ALICE, "mini", "practice", null).session().sessionId();
        clock.advance(Duration.ofDays(30));
        ExamSession after = service.answer(ALICE, id, 1, "B", null).session();
        assertEquals("B", after.answers().get(1L));
        assertNull(after.deadline());
        refused(ErrorCode.INVALID_CHECKPOINT, () -> service.startPause(ALICE, id, 2, null));
        assertEquals(0, service.sweepOverdue(10));
        assertEquals(ExamStatus.SUBMITTED, service.submit(ALICE, id, null).session().status());
    }

    @Test
    void resultsCarryTheInstantTheRuleRanAtAndAPracticeAnswerItsQuestion() {
        ExamView started = service.select(ALICE, "mini", "exam", null);
        assertEquals(now(), started.now());
        SessionId id = started.session().sessionId();
        clock.advance(Duration.ofSeconds(5));

        AnswerResult answered = service.answer(ALICE, id, 1, "A", null);
        assertEquals(now(), answered.now());
        assertNull(answered.practiceContent(), "an exam reveals no key");
        assertEquals(now(), service.flag(ALICE, id, 1, true, null).now());
        assertEquals(now(), service.state(ALICE, id).now());
        assertEquals(now(), service.pauseStatus(ALICE, id).now());
        assertEquals(now(), service.active(ALICE).now());

        SessionId practice = service.select(ALICE, "mini", "practice", null).session().sessionId();
        long q = attempt(practice).questionIds().get(0);
        assertEquals(bank.question(q), Optional.ofNullable(service.answer(ALICE, practice, q, "B", null).practiceContent()));
    }
}
