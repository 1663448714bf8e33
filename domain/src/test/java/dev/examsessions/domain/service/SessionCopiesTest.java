package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.fakes.FakeAttemptRepository;
import dev.examsessions.domain.fakes.FakeQuestionBank;
import dev.examsessions.domain.fakes.FakeSessionPort;
import dev.examsessions.domain.fakes.MutableClock;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two-homes protocol on its own: reading, rebuilding, writing and invalidating the hot copy. */
class SessionCopiesTest {
    static final long ALICE = ExamServiceTest.ALICE;
    static final long MALLORY = ExamServiceTest.MALLORY;

    final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    final FakeSessionPort sessions = new FakeSessionPort("memory", clock);
    final FakeAttemptRepository attempts = new FakeAttemptRepository();
    final FakeQuestionBank bank = new FakeQuestionBank(1, 10, "People", "Process");
    final ExamServiceTest.Events events = new ExamServiceTest.Events();
    final SessionCopies copies = new SessionCopies(sessions, attempts, events);

    Instant now() {
        return clock.instant();
    }

    /** An attempt in the record (version 1) without any copy. */
    ExamSession recorded() {
        return attempts.create(ExamSession.start(SessionId.newId(), ALICE, ExamServiceTest.MINI, ExamMode.EXAM,
                List.of(1L, 2L, 3L, 4L, 5L, 6L), now()));
    }

    ExamSession answered(ExamSession s, long questionId, String choice) {
        return s.answer(bank.question(questionId).orElseThrow().key(), choice, now()).withVersion(s.version() + 1);
    }

    static void notFound(Runnable action) {
        assertEquals(ErrorCode.SESSION_NOT_FOUND, assertThrows(ExamException.class, action::run).code());
    }

    @Test
    void aReadServesTheCopyWithItsExpiryAndTheInstantItRanAt() {
        ExamSession attempt = recorded();
        ExamSession newer = answered(attempt, 1, "B");
        sessions.seed(newer, Duration.ofHours(2));

        ExamView v = copies.read(ALICE, attempt.sessionId(), true, now());

        assertEquals(newer, v.session(), "the copy, not the attempt");
        assertFalse(v.recovered());
        assertEquals(now().plus(Duration.ofHours(2)), v.expiresAt());
        assertEquals(now(), v.now());
        assertNull(copies.read(ALICE, attempt.sessionId(), false, now()).expiresAt(), "no expiry unless asked");
        assertEquals(0, events.count("rebuilt"));
    }

    @Test
    void aReadRebuildsAMissingCopyFromTheAttempt() {
        ExamSession attempt = recorded();

        ExamView v = copies.read(ALICE, attempt.sessionId(), true, now());

        assertTrue(v.recovered());
        assertEquals(attempt, v.session());
        assertEquals(Optional.of(attempt), sessions.peek(attempt.sessionId()));
        assertEquals(now().plus(SessionPort.DEFAULT_TTL), v.expiresAt());
        assertEquals(1, events.count("rebuilt"));
    }

    @Test
    void aReadRebuildsWhenTheStoreCannotAnswer() {
        ExamSession attempt = recorded();
        sessions.seed(attempt, Duration.ofHours(1));
        sessions.failGets = true;

        ExamView v = copies.read(ALICE, attempt.sessionId(), false, now());

        assertTrue(v.recovered());
        assertEquals(attempt, v.session());
    }

    @Test
    void aFinishedAttemptWithoutACopyGetsItsGuardCopyButIsNotRecovered() {
        ExamSession attempt = recorded();
        ExamSession done = attempts.update(attempt.sessionId(), s -> s.submit(Map.of(), now())).orElseThrow().after();

        ExamView v = copies.read(ALICE, attempt.sessionId(), true, now());

        assertFalse(v.recovered());
        assertNull(v.expiresAt(), "a finished exam has no expiry to show");
        assertEquals(ExamStatus.SUBMITTED, v.session().status());
        assertEquals(Optional.of(done), sessions.peek(attempt.sessionId()));
        assertFalse(sessions.peekExpiry(attempt.sessionId()).orElseThrow().isAfter(now().plus(SessionPort.GUARD_TTL)));
        assertEquals(0, events.count("rebuilt"));
    }

    @Test
    void aForeignOrUnknownExamIsNotFoundAndNothingIsWritten() {
        ExamSession attempt = recorded();
        notFound(() -> copies.read(MALLORY, attempt.sessionId(), false, now()));
        notFound(() -> copies.read(ALICE, SessionId.newId(), false, now()));
        assertEquals(0, sessions.writes.get());
        sessions.seed(attempt, Duration.ofHours(1));
        notFound(() -> copies.read(MALLORY, attempt.sessionId(), true, now()));
    }

    @Test
    void aReadIsRefusedWhileTheStoreRefusesToServe() {
        ExamSession attempt = recorded();
        SessionCopies failing = new SessionCopies(new dev.examsessions.domain.failover.UnavailableSessionPort(),
                attempts, events);
        assertEquals(ErrorCode.STORE_UNAVAILABLE, assertThrows(ExamException.class,
                () -> failing.read(ALICE, attempt.sessionId(), false, now())).code());
    }

    @Test
    void aWriteCopiesAnExamInProgressOnlyWhenNewer() {
        ExamSession attempt = recorded();
        ExamSession newer = answered(attempt, 1, "A");
        copies.write(newer);
        copies.write(attempt);
        assertEquals(Optional.of(newer), sessions.peek(attempt.sessionId()), "an older write is refused");
        assertEquals(now().plus(SessionPort.DEFAULT_TTL), sessions.peekExpiry(attempt.sessionId()).orElseThrow());
    }

    @Test
    void aFinishedExamIsWrittenAsAGuardCopy() {
        ExamSession attempt = recorded();
        copies.write(attempt);
        ExamSession done = attempt.submit(Map.of(), now()).withVersion(2);

        copies.write(done);

        assertEquals(Optional.of(done), sessions.peek(attempt.sessionId()));
        assertEquals(now().plus(SessionPort.GUARD_TTL), sessions.peekExpiry(attempt.sessionId()).orElseThrow());
        copies.write(attempt);
        assertEquals(Optional.of(done), sessions.peek(attempt.sessionId()), "nothing older brings it back");
    }

    @Test
    void aFailedWriteMarksTheCopyStaleUpToItsVersion() {
        ExamSession attempt = recorded();
        copies.write(attempt);
        ExamSession newer = answered(attempt, 1, "D");
        sessions.failPuts = true;

        copies.write(newer);

        assertEquals(1, sessions.invalidations.get());
        assertEquals(Optional.empty(), sessions.peek(attempt.sessionId()), "no stale copy is served");
        assertEquals(2, sessions.peekMarker(attempt.sessionId()));
        sessions.failPuts = false;
        assertFalse(sessions.putIfNewer(attempt), "an older write still in flight is refused");
    }

    @Test
    void aWriteNeverThrowsEvenWhenTheStoreIsDown() {
        ExamSession attempt = recorded();
        sessions.down = true;
        copies.write(attempt);
        assertEquals(0, sessions.writes.get());
    }

    @Test
    void aMissingAttemptIsRecreatedFromItsOwnersSurvivingCopy() {
        ExamSession survivor = answered(ExamSession.start(SessionId.newId(), ALICE, ExamServiceTest.MINI,
                ExamMode.EXAM, List.of(1L, 2L, 3L, 4L, 5L, 6L), now()).withAttemptId(55), 1, "A");
        sessions.seed(survivor, Duration.ofHours(6));

        assertFalse(copies.recreateAttempt(MALLORY, survivor.sessionId()), "not someone else's");
        assertEquals(Optional.empty(), attempts.find(survivor.sessionId()));
        assertTrue(copies.recreateAttempt(ALICE, survivor.sessionId()));
        assertEquals(Optional.of(survivor), attempts.find(survivor.sessionId()));
        assertTrue(copies.recreateAttempt(ALICE, survivor.sessionId()), "already back: still there to change");
        assertFalse(copies.recreateAttempt(ALICE, SessionId.newId()), "no copy, nothing to take back");
    }

    @Test
    void aCopyIsNotTakenBackOverAnOpenAttemptOfTheSameExam() {
        recorded();
        ExamSession survivor = ExamSession.start(SessionId.newId(), ALICE, ExamServiceTest.MINI, ExamMode.EXAM,
                List.of(1L, 2L, 3L, 4L, 5L, 6L), now()).withAttemptId(56);
        sessions.seed(survivor, Duration.ofHours(6));
        FakeAttemptRepository refusing = new FakeAttemptRepository() {
            @Override
            public synchronized boolean restore(ExamSession session) {
                throw new OpenAttemptExists(session.sessionId());
            }
        };
        assertFalse(new SessionCopies(sessions, refusing, events).recreateAttempt(ALICE, survivor.sessionId()));
    }

    @Test
    void theExpiryIsUnknownForAFinishedExamOrAStoreThatCannotSay() {
        ExamSession attempt = recorded();
        copies.write(attempt);
        assertEquals(now().plus(SessionPort.DEFAULT_TTL), copies.expiresAt(attempt));
        assertNull(copies.expiresAt(attempt.submit(Map.of(), now())));
        sessions.down = true;
        assertNull(copies.expiresAt(attempt));
    }

    @Test
    void extendSetsTheRemainingTtlAndRewritesAMissingCopy() {
        ExamSession attempt = recorded();
        copies.write(attempt);
        copies.extend(attempt, Duration.ofMinutes(90));
        assertEquals(now().plus(Duration.ofMinutes(90)), sessions.peekExpiry(attempt.sessionId()).orElseThrow());

        sessions.drop(attempt.sessionId());
        copies.extend(attempt, Duration.ofMinutes(30));
        assertEquals(Optional.of(attempt), sessions.peek(attempt.sessionId()));
        assertEquals(now().plus(Duration.ofMinutes(30)), sessions.peekExpiry(attempt.sessionId()).orElseThrow());
    }

    @Test
    void existsTellsWhetherACopyLivesOrThrowsWhenTheStoreCannotSay() {
        ExamSession attempt = recorded();
        assertFalse(copies.exists(attempt.sessionId()));
        copies.write(attempt);
        assertTrue(copies.exists(attempt.sessionId()));
        sessions.failGets = true;
        assertThrows(StoreUnavailable.class, () -> copies.exists(attempt.sessionId()));
    }
}
