package dev.examsessions.domain.contract;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.StoreHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link AttemptRepository} adapter must do; an adapter's test subclasses this and supplies the
 * repository. Every test works on its own random user id and fresh session ids, so it runs unchanged
 * against a shared database (nothing is truncated).
 */
public abstract class AttemptRepositoryContract {
    private static final List<Long> QUESTIONS = LongStream.rangeClosed(1, 10).boxed().toList();

    /** The repository under test; may return the same instance on every call. */
    protected abstract AttemptRepository repository();

    /** Millisecond precision: stores that keep epoch milliseconds must give back equal values. */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected static long randomUserId() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
    }

    protected static ExamType examType(String id) {
        return new ExamType(id, "Contract " + id, 10, 60, new PausePolicy(List.of(5), 120_000));
    }

    /** A new, not yet stored attempt (attempt id 0, version 1) of the given user, type and mode, started now. */
    protected static ExamSession newAttempt(long userId, String type, ExamMode mode) {
        return newAttempt(userId, examType(type), mode, now());
    }

    protected static ExamSession newAttempt(long userId, ExamType type, ExamMode mode, Instant startedAt) {
        return ExamSession.start(SessionId.newId(), userId, type, mode, QUESTIONS, startedAt);
    }

    private static QuestionKey key(long id) {
        return new QuestionKey(id, List.of("A", "B", "C", "D"), "B", "People");
    }

    // ---- create / find -------------------------------------------------------------------------

    @Test
    void createAssignsAnAttemptIdAndFindReturnsTheAttempt() {
        long user = randomUserId();
        ExamSession s = newAttempt(user, "contract-a", ExamMode.EXAM);
        ExamSession created = repository().create(s);

        assertTrue(created.attemptId() > 0, "attempt id " + created.attemptId());
        assertEquals(s.withAttemptId(created.attemptId()), created);
        assertEquals(Optional.of(created), repository().find(s.sessionId()));

        ExamSession other = repository().create(newAttempt(user, "contract-b", ExamMode.EXAM));
        assertNotEquals(created.attemptId(), other.attemptId());
    }

    @Test
    void findOfUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), repository().find(SessionId.newId()));
    }

    @Test
    void healthNamesTheBackendAndIsAvailable() {
        StoreHealth health = repository().health();
        assertNotNull(health.backend());
        assertFalse(health.backend().isBlank());
        assertTrue(health.available());
    }

    // ---- update --------------------------------------------------------------------------------

    @Test
    void updateStoresTheChangeWithVersionPlusOne() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));

        ExamSession updated = repository().update(created.sessionId(),
                s -> s.answer(key(3), "B", now())).map(Change::after).orElseThrow();

        assertEquals("B", updated.answers().get(3L));
        assertEquals(created.version() + 1, updated.version());
        assertEquals(Optional.of(updated), repository().find(created.sessionId()));
    }

    @Test
    void updateStoresVersionPlusOneWhateverVersionTheChangeReturns() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        ExamSession updated = repository().update(created.sessionId(),
                s -> s.flag(2, true, now()).withVersion(77)).map(Change::after).orElseThrow();
        assertEquals(created.version() + 1, updated.version());
        assertEquals(created.version() + 1, repository().find(created.sessionId()).orElseThrow().version());
    }

    @Test
    void updateWithAnEqualResultKeepsTheVersion() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        ExamSession flagged = repository().update(created.sessionId(), s -> s.flag(2, true, now()))
                .map(Change::after).orElseThrow();

        assertEquals(Optional.of(flagged), repository().update(created.sessionId(), s -> s).map(Change::after));
        assertEquals(Optional.of(flagged),
                repository().update(created.sessionId(), s -> s.flag(2, true, now())).map(Change::after));
        assertEquals(Optional.of(flagged), repository().update(created.sessionId(),
                s -> s.withAnswers(new HashMap<>(s.answers()))).map(Change::after));
        assertEquals(Optional.of(flagged), repository().find(created.sessionId()));
    }

    @Test
    void updateReturnsTheStateTheChangeRanOnAndTheStateItStored() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        ExamSession stored = repository().find(created.sessionId()).orElseThrow();

        Change change = repository().update(created.sessionId(), s -> s.flag(2, true, now())).orElseThrow();

        assertEquals(stored, change.before());
        assertTrue(change.changed());
        assertEquals(stored.version() + 1, change.after().version());
        assertEquals(Optional.of(change.after()), repository().find(created.sessionId()));

        Change repeat = repository().update(created.sessionId(), s -> s.flag(2, true, now())).orElseThrow();
        assertEquals(change.after(), repeat.before());
        assertEquals(repeat.before(), repeat.after(), "a repeat stores nothing");
        assertFalse(repeat.changed());
    }

    @Test
    void updateExceptionPropagatesAndLeavesTheAttemptUntouched() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> repository().update(created.sessionId(), s -> {
                    throw boom;
                }).map(Change::after));

        assertSame(boom, thrown);
        assertEquals(Optional.of(created), repository().find(created.sessionId()));
    }

    @Test
    void updateRefusesAChangeOfIdentityAndLeavesTheAttemptUntouched() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        SessionId otherId = SessionId.newId();
        ContractSupport.identityChanges(otherId).forEach((part, change) -> {
            assertThrows(IllegalStateException.class, () -> repository().update(created.sessionId(), change), part);
            assertEquals(Optional.of(created), repository().find(created.sessionId()), part);
            assertEquals(Optional.empty(), repository().find(otherId), part);
        });
        assertEquals(List.of(created), repository().openAttempts(created.userId()));
    }

    @Test
    void updateOfUnknownIdIsEmpty() {
        SessionId unknown = SessionId.newId();
        AtomicInteger calls = new AtomicInteger();
        assertEquals(Optional.empty(), repository().update(unknown, s -> {
            calls.incrementAndGet();
            return s.flag(1, true, now());
        }).map(Change::after));
        assertEquals(0, calls.get());
        assertEquals(Optional.empty(), repository().find(unknown));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentUpdatesLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 50;
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));

        ContractSupport.hammer(threads, perThread,
                thread -> repository().update(created.sessionId(), increment(thread + 1L)));

        ExamSession end = repository().find(created.sessionId()).orElseThrow();
        for (long q = 1; q <= threads; q++) {
            assertEquals(String.valueOf(perThread), end.answers().get(q), "counter of thread " + q);
        }
        assertEquals(created.version() + (long) threads * perThread, end.version());
    }

    // ---- replace (optimistic) ------------------------------------------------------------------

    @Test
    void replaceStoresEveryKindOfChangeOnTheMatchingVersion() {
        ExamSession stored = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        Map<Long, QuestionKey> keys = new HashMap<>();
        QUESTIONS.forEach(q -> keys.put(q, key(q)));
        List<UnaryOperator<ExamSession>> changes = List.of(
                s -> s.answer(key(1), "B", now()),
                s -> s.answer(key(1), "C", now()),
                s -> s.answer(key(2), "A", now()).answer(key(3), "D", now()),
                s -> s.flag(4, true, now()),
                s -> s.answer(key(2), null, now()).flag(4, false, now()).flag(6, true, now()),
                s -> s.answer(key(2), "B", now()).answer(key(4), "B", now()).answer(key(5), "A", now()),
                s -> s.startPause(5, now()),
                s -> s.endPause(now()),
                s -> s.submit(keys, now()));
        for (UnaryOperator<ExamSession> change : changes) {
            ExamSession before = stored;
            ExamSession after = before.changedBy(change);
            assertTrue(repository().replace(before, after), "replace of version " + before.version());
            assertEquals(Optional.of(after), repository().find(before.sessionId()));
            stored = after;
        }
        assertEquals(ExamStatus.SUBMITTED, stored.status());
        assertFalse(stored.result().byDomain().isEmpty());
        assertEquals(List.of(), repository().openAttempts(stored.userId()), "the finished attempt is no longer open");
        repository().create(newAttempt(stored.userId(), "contract-a", ExamMode.EXAM));
    }

    @Test
    void replaceRefusesAStaleBeforeAndWritesNothing() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        ExamSession moved = repository().update(created.sessionId(), s -> s.answer(key(1), "A", now())).map(Change::after)
                .orElseThrow();

        assertFalse(repository().replace(created, created.changedBy(s -> s.flag(2, true, now()))));
        assertFalse(repository().replace(created, created.changedBy(s -> s.answer(key(1), "A", now()))),
                "the same version number as stored, but not from the stored state");
        assertEquals(Optional.of(moved), repository().find(created.sessionId()));
    }

    @Test
    void replaceRefusesAMissingAttempt() {
        ExamSession missing = newAttempt(randomUserId(), "contract-a", ExamMode.EXAM).withAttemptId(Long.MAX_VALUE - 7);
        assertFalse(repository().replace(missing, missing.changedBy(s -> s.flag(1, true, now()))));
        assertEquals(Optional.empty(), repository().find(missing.sessionId()));
    }

    @Test
    void replaceRejectsWhatIsNotAChangeOfBefore() {
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        ExamSession flagged = created.changedBy(s -> s.flag(1, true, now()));
        assertThrows(IllegalArgumentException.class, () -> repository().replace(created, created));
        assertThrows(IllegalArgumentException.class, () -> repository().replace(created, flagged.withVersion(9)));
        assertThrows(IllegalArgumentException.class,
                () -> repository().replace(created, created.withVersion(created.version() + 1)));
        ExamSession other = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        assertThrows(IllegalArgumentException.class,
                () -> repository().replace(other, flagged));
        assertEquals(Optional.of(created), repository().find(created.sessionId()));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentReplacesFromTheSameBeforeHaveExactlyOneWinner() throws Exception {
        int threads = 4;
        for (int trial = 0; trial < 40; trial++) {
            ExamSession before = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
            List<ExamSession> afters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long q = t + 1L;
                afters.add(before.changedBy(s -> s.answer(key(q), "A", now()).flag(q, true, now())));
            }
            List<Future<Boolean>> results = ContractSupport.race(threads, t -> repository().replace(before, afters.get(t)));
            List<ExamSession> winners = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                if (ContractSupport.value(results.get(t))) {
                    winners.add(afters.get(t));
                }
            }
            assertEquals(1, winners.size(), "trial " + trial + ": exactly one replace wins");
            assertEquals(Optional.of(winners.get(0)), repository().find(before.sessionId()), "trial " + trial);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void replacesRacingLockedUpdatesLoseNothingAndNeverGoBack() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExamSession created = repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.EXAM));
        AtomicInteger replaced = new AtomicInteger();

        ContractSupport.hammer(threads, perThread, thread -> {
            UnaryOperator<ExamSession> change = increment(thread + 1L);
            if (thread % 2 == 0) {
                repository().update(created.sessionId(), change);
                return;
            }
            for (int tries = 0; tries < 3; tries++) {
                ExamSession before = repository().find(created.sessionId()).orElseThrow();
                if (repository().replace(before, before.changedBy(change))) {
                    replaced.incrementAndGet();
                    return;
                }
            }
            repository().update(created.sessionId(), change);
        });

        ExamSession end = repository().find(created.sessionId()).orElseThrow();
        for (long q = 1; q <= threads; q++) {
            assertEquals(String.valueOf(perThread), end.answers().get(q), "counter of thread " + q);
        }
        assertEquals(created.version() + (long) threads * perThread, end.version());
        assertTrue(replaced.get() > 0, "some replaces won");
    }

    // ---- one open attempt per user, type and mode ----------------------------------------------

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onlyOneOpenAttemptPerUserTypeAndModeUnderConcurrentCreates() throws Exception {
        long user = randomUserId();
        int threads = 10;
        List<ExamSession> candidates = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            candidates.add(newAttempt(user, "contract-a", ExamMode.EXAM));
        }

        List<Future<ExamSession>> results = ContractSupport.race(threads, t -> repository().create(candidates.get(t)));

        List<ExamSession> winners = new ArrayList<>();
        List<OpenAttemptExists> refusals = new ArrayList<>();
        for (Future<ExamSession> f : results) {
            try {
                winners.add(f.get());
            } catch (ExecutionException e) {
                refusals.add(assertInstanceOf(OpenAttemptExists.class, e.getCause(),
                        "a losing create must throw OpenAttemptExists"));
            }
        }
        assertEquals(1, winners.size(), "exactly one create succeeds");
        SessionId winner = winners.get(0).sessionId();
        assertEquals(threads - 1, refusals.size());
        for (OpenAttemptExists refusal : refusals) {
            assertEquals(winner, refusal.existing());
        }
        for (ExamSession c : candidates) {
            assertEquals(c.sessionId().equals(winner), repository().find(c.sessionId()).isPresent());
        }
        assertEquals(List.of(winner), sessionIds(repository().openAttempts(user)));

        // another mode, another type: allowed
        repository().create(newAttempt(user, "contract-a", ExamMode.PRACTICE));
        repository().create(newAttempt(user, "contract-b", ExamMode.EXAM));
        assertEquals(3, repository().openAttempts(user).size());
    }

    @Test
    void aSecondOpenAttemptIsRefusedNamingTheFirst() {
        long user = randomUserId();
        ExamSession first = repository().create(newAttempt(user, "contract-a", ExamMode.PRACTICE));
        OpenAttemptExists refused = assertThrows(OpenAttemptExists.class,
                () -> repository().create(newAttempt(user, "contract-a", ExamMode.PRACTICE)));
        assertEquals(first.sessionId(), refused.existing());
        // another user may
        repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.PRACTICE));
    }

    @Test
    void afterFinishingANewAttemptMayBeCreated() {
        long user = randomUserId();
        ExamSession first = repository().create(newAttempt(user, "contract-a", ExamMode.EXAM));
        ExamSession submitted = repository().update(first.sessionId(), s -> s.submit(Map.of(), now()))
                .map(Change::after).orElseThrow();
        assertEquals(ExamStatus.SUBMITTED, submitted.status());

        ExamSession second = repository().create(newAttempt(user, "contract-a", ExamMode.EXAM));
        assertEquals(List.of(second.sessionId()), sessionIds(repository().openAttempts(user)));

        repository().update(second.sessionId(), s -> s.abandon(Map.of(), now()));
        ExamSession third = repository().create(newAttempt(user, "contract-a", ExamMode.EXAM));
        assertEquals(List.of(third.sessionId()), sessionIds(repository().openAttempts(user)));
    }

    // ---- listing -------------------------------------------------------------------------------

    @Test
    void openAttemptsAreNewestFirstAndOnlyInProgress() {
        long user = randomUserId();
        Instant t = now();
        ExamSession oldest = repository().create(newAttempt(user, examType("contract-a"), ExamMode.EXAM, t.minusSeconds(300)));
        ExamSession newest = repository().create(newAttempt(user, examType("contract-b"), ExamMode.PRACTICE, t.minusSeconds(10)));
        ExamSession middle = repository().create(newAttempt(user, examType("contract-c"), ExamMode.EXAM, t.minusSeconds(100)));
        ExamSession finished = repository().create(newAttempt(user, examType("contract-d"), ExamMode.PRACTICE, t));
        repository().update(finished.sessionId(), s -> s.submit(Map.of(), now()));
        repository().create(newAttempt(randomUserId(), "contract-e", ExamMode.EXAM));

        assertEquals(List.of(newest.sessionId(), middle.sessionId(), oldest.sessionId()),
                sessionIds(repository().openAttempts(user)));
        assertEquals(List.of(), repository().openAttempts(randomUserId()));
    }

    @Test
    void historyIsNewestFirstAndPagesWithTheCursor() {
        long user = randomUserId();
        Instant base = now().minus(Duration.ofHours(1));
        List<ExamSession> finished = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            finished.add(finish(user, base.plusSeconds(60L * i)));
        }
        repository().create(newAttempt(user, "contract-a", ExamMode.PRACTICE)); // open: not history
        repository().create(newAttempt(randomUserId(), "contract-a", ExamMode.PRACTICE));

        HistoryPage all = repository().history(user, null, 10);
        assertEquals(List.of(5, 4, 3, 2, 1), positions(finished, all.items()));
        assertNull(all.next());
        assertEquals(finished.get(4), all.items().get(0));

        HistoryPage exact = repository().history(user, null, 5);
        assertEquals(5, exact.items().size());
        assertNull(exact.next(), "no cursor when nothing follows");

        HistoryPage p1 = repository().history(user, null, 2);
        assertEquals(List.of(5, 4), positions(finished, p1.items()));
        assertEquals(HistoryCursor.of(finished.get(3)), p1.next());

        HistoryPage p2 = repository().history(user, p1.next(), 2);
        assertEquals(List.of(3, 2), positions(finished, p2.items()));
        assertEquals(HistoryCursor.of(finished.get(1)), p2.next());

        HistoryPage p3 = repository().history(user, p2.next(), 2);
        assertEquals(List.of(1), positions(finished, p3.items()));
        assertNull(p3.next());

        assertEquals(List.of(), repository().history(randomUserId(), null, 10).items());
    }

    @Test
    void historyPagesReachEveryAttemptOnceWhenSeveralFinishedInTheSameInstant() {
        long user = randomUserId();
        Instant t = now().minus(Duration.ofHours(2));
        // finish instants in creation order: ties at t+1s (three) and t+2s (two), created out of finish order
        long[] finishSeconds = {2, 1, 3, 1, 0, 2, 1};
        List<ExamSession> finished = new ArrayList<>();
        for (long second : finishSeconds) {
            finished.add(finish(user, t.plusSeconds(second)));
        }
        List<ExamSession> expected = finished.stream().sorted(HistoryCursor.NEWEST_FIRST).toList();
        assertEquals(List.of(3, 6, 1, 7, 4, 2, 5), positions(finished, expected),
                "newest first; the same instant by attempt id, highest first");
        assertEquals(expected, repository().history(user, null, 100).items());

        for (int limit = 1; limit <= finished.size() + 1; limit++) {
            List<ExamSession> seen = new ArrayList<>();
            HistoryCursor cursor = null;
            int pages = 0;
            do {
                HistoryPage page = repository().history(user, cursor, limit);
                assertFalse(page.items().isEmpty(), "an empty page after cursor " + cursor + " (limit " + limit + ")");
                assertTrue(page.items().size() <= limit);
                seen.addAll(page.items());
                cursor = page.next();
                assertTrue(++pages <= finished.size(), "paging does not end (limit " + limit + ")");
            } while (cursor != null);
            assertEquals(positions(finished, expected), positions(finished, seen),
                    "every attempt exactly once, in order, with limit " + limit);
            assertEquals(expected, seen);
        }

        // a cursor between the attempts that finished in the same instant: only the lower attempt ids follow
        ExamSession middleTie = expected.get(3);
        HistoryPage afterMiddle = repository().history(user, HistoryCursor.of(middleTie), 10);
        assertEquals(expected.subList(4, expected.size()), afterMiddle.items());
        // a position no attempt holds: attempts strictly below it
        HistoryPage below = repository().history(user, new HistoryCursor(t.plusSeconds(1), Long.MAX_VALUE), 10);
        assertEquals(expected.subList(3, expected.size()), below.items());
        HistoryPage none = repository().history(user, new HistoryCursor(t.plusSeconds(1), 0), 10);
        assertEquals(expected.subList(6, expected.size()), none.items());
    }

    @Test
    void historyPagesThroughAttemptsTheSweepFinalizedInOneInstant() {
        long user = randomUserId();
        Instant t = now();
        Set<SessionId> overdue = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ExamType shortExam = new ExamType("contract-swept-" + i, "Overdue", 10, 1, PausePolicy.none());
            overdue.add(repository().create(newAttempt(user, shortExam, ExamMode.EXAM, t.minus(Duration.ofHours(3))))
                    .sessionId());
        }
        Instant claimAt = now();
        List<ExamSession> claimed;
        do {
            claimed = repository().claimOverdue(claimAt, 100, s -> s.timeOut(Map.of(), claimAt));
        } while (!claimed.isEmpty());

        List<SessionId> seen = new ArrayList<>();
        HistoryCursor cursor = null;
        do {
            HistoryPage page = repository().history(user, cursor, 1);
            assertEquals(1, page.items().size());
            seen.add(page.items().get(0).sessionId());
            cursor = page.next();
        } while (cursor != null && seen.size() <= overdue.size());
        assertEquals(overdue.size(), seen.size(), "one page per attempt: " + seen);
        assertEquals(overdue, new HashSet<>(seen));
    }

    // ---- restore -------------------------------------------------------------------------------

    @Test
    void restoreInsertsOnceExactlyAsGiven() {
        long user = randomUserId();
        long attemptId = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 1_000_000_000_000_000L);
        ExamSession copy = newAttempt(user, "contract-a", ExamMode.EXAM).withAttemptId(attemptId)
                .answer(key(2), "C", now()).flag(4, true, now()).withVersion(6);

        assertTrue(repository().restore(copy));
        assertEquals(Optional.of(copy), repository().find(copy.sessionId()));

        assertFalse(repository().restore(copy.flag(5, true, now()).withVersion(9)));
        assertEquals(Optional.of(copy), repository().find(copy.sessionId()));

        // the restored attempt is open: it counts for the one-open-attempt rule and can be changed
        OpenAttemptExists refused = assertThrows(OpenAttemptExists.class,
                () -> repository().create(newAttempt(user, "contract-a", ExamMode.EXAM)));
        assertEquals(copy.sessionId(), refused.existing());
        assertEquals(7, repository().update(copy.sessionId(), s -> s.flag(5, true, now()))
                .map(Change::after).orElseThrow().version());
    }

    // ---- claimOverdue --------------------------------------------------------------------------

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentClaimersFinalizeEachOverdueAttemptOnce() throws Exception {
        long user = randomUserId();
        Instant t = now();
        Set<SessionId> overdue = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            ExamType shortExam = new ExamType("contract-overdue-" + i, "Overdue", 10, 1, PausePolicy.none());
            ExamSession created = repository().create(newAttempt(user, shortExam, ExamMode.EXAM, t.minus(Duration.ofHours(2))));
            overdue.add(created.sessionId());
        }
        ExamSession running = repository().create(newAttempt(user, examType("contract-running"), ExamMode.EXAM, t));
        ExamSession practice = repository().create(newAttempt(user, examType("contract-practice"), ExamMode.PRACTICE,
                t.minus(Duration.ofDays(2))));

        Instant claimAt = now();
        UnaryOperator<ExamSession> finalize = s -> s.timeOut(Map.of(), claimAt);
        List<Future<List<ExamSession>>> claims = ContractSupport.race(2, thread -> {
            List<ExamSession> mine = new ArrayList<>();
            List<ExamSession> batch;
            do {
                batch = repository().claimOverdue(claimAt, 4, finalize);
                batch.stream().filter(s -> s.userId() == user).forEach(mine::add);
            } while (!batch.isEmpty());
            return mine;
        });

        List<ExamSession> first = ContractSupport.value(claims.get(0));
        List<ExamSession> second = ContractSupport.value(claims.get(1));
        Set<SessionId> firstIds = new HashSet<>(sessionIds(first));
        Set<SessionId> secondIds = new HashSet<>(sessionIds(second));
        assertEquals(first.size(), firstIds.size(), "a claimer got an attempt twice");
        assertEquals(second.size(), secondIds.size(), "a claimer got an attempt twice");
        Set<SessionId> both = new HashSet<>(firstIds);
        both.retainAll(secondIds);
        assertEquals(Set.of(), both, "claimed by both claimers");
        Set<SessionId> union = new HashSet<>(firstIds);
        union.addAll(secondIds);
        assertEquals(overdue, union);

        for (ExamSession claimed : concat(first, second)) {
            assertEquals(ExamStatus.TIMED_OUT, claimed.status());
            assertEquals(2, claimed.version());
            assertEquals(Optional.of(claimed), repository().find(claimed.sessionId()));
        }
        assertEquals(Optional.of(running), repository().find(running.sessionId()));
        assertEquals(Optional.of(practice), repository().find(practice.sessionId()));
        assertEquals(Set.of(running.sessionId(), practice.sessionId()),
                new HashSet<>(sessionIds(repository().openAttempts(user))));
        assertEquals(overdue, new HashSet<>(sessionIds(repository().history(user, null, 100).items())));
    }

    @Test
    void claimOverdueRespectsTheLimitAndSkipsFinishedAttempts() {
        long user = randomUserId();
        Instant t = now();
        Set<SessionId> overdue = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ExamType shortExam = new ExamType("contract-limit-" + i, "Overdue", 10, 1, PausePolicy.none());
            overdue.add(repository().create(newAttempt(user, shortExam, ExamMode.EXAM, t.minus(Duration.ofHours(1))))
                    .sessionId());
        }
        ExamType shortExam = new ExamType("contract-limit-done", "Overdue", 10, 1, PausePolicy.none());
        ExamSession done = repository().create(newAttempt(user, shortExam, ExamMode.EXAM, t.minus(Duration.ofHours(1))));
        ExamSession submitted = repository().update(done.sessionId(),
                s -> s.submit(Map.of(), s.startedAt().plusSeconds(10))).map(Change::after).orElseThrow();
        assertEquals(ExamStatus.SUBMITTED, submitted.status());

        Instant claimAt = now();
        UnaryOperator<ExamSession> finalize = s -> s.timeOut(Map.of(), claimAt);
        List<ExamSession> batch = repository().claimOverdue(claimAt, 1, finalize);
        assertEquals(1, batch.size());

        List<SessionId> claimed = new ArrayList<>();
        while (!batch.isEmpty()) {
            batch.stream().filter(s -> s.userId() == user).map(ExamSession::sessionId).forEach(claimed::add);
            batch = repository().claimOverdue(claimAt, 10, finalize);
        }
        assertEquals(overdue, new HashSet<>(claimed));
        assertEquals(overdue.size(), claimed.size());
        assertEquals(Optional.of(submitted), repository().find(done.sessionId()));
        for (SessionId id : overdue) {
            assertEquals(ExamStatus.TIMED_OUT, repository().find(id).orElseThrow().status());
        }
    }

    @Test
    void aFinalizeThatChangesNothingClaimsNothing() {
        long user = randomUserId();
        ExamType shortExam = new ExamType("contract-noop", "Overdue", 10, 1, PausePolicy.none());
        ExamSession overdue = repository().create(newAttempt(user, shortExam, ExamMode.EXAM,
                now().minus(Duration.ofHours(1))));

        assertEquals(List.of(), repository().claimOverdue(now(), 1000, s -> s));
        assertEquals(List.of(), repository().claimOverdue(now(), 1000, s -> s.withVersion(s.version() + 5)),
                "only the version differs: still no change");
        assertEquals(Optional.of(overdue), repository().find(overdue.sessionId()), "nothing stored, no version bump");

        Instant claimAt = now();
        List<ExamSession> claimed = repository().claimOverdue(claimAt, 1000, s -> s.timeOut(Map.of(), claimAt));
        assertTrue(sessionIds(claimed).contains(overdue.sessionId()), "still overdue, so a real finalize claims it");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A new practice attempt of the user, started a minute before {@code finishedAt} and submitted then. */
    private ExamSession finish(long user, Instant finishedAt) {
        ExamSession created = repository().create(newAttempt(user, examType("contract-history"), ExamMode.PRACTICE,
                finishedAt.minusSeconds(60)));
        ExamSession done = repository().update(created.sessionId(), s -> s.submit(Map.of(), finishedAt))
                .map(Change::after).orElseThrow();
        assertEquals(finishedAt, done.result().finishedAt());
        return done;
    }

    /** Adds one to the counter kept as the answer to question {@code q}; a pure function of the state. */
    protected static UnaryOperator<ExamSession> increment(long q) {
        return x -> {
            Map<Long, String> answers = new HashMap<>(x.answers());
            answers.merge(q, "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
            return x.withAnswers(answers);
        };
    }

    private static List<SessionId> sessionIds(List<ExamSession> sessions) {
        return sessions.stream().map(ExamSession::sessionId).collect(Collectors.toList());
    }

    /** 1-based positions in {@code reference} of the given sessions (by session id). */
    private static List<Integer> positions(List<ExamSession> reference, List<ExamSession> items) {
        List<SessionId> ids = sessionIds(reference);
        return items.stream().map(s -> ids.indexOf(s.sessionId()) + 1).toList();
    }

    private static List<ExamSession> concat(List<ExamSession> a, List<ExamSession> b) {
        List<ExamSession> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
