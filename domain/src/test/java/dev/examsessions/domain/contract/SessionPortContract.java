package dev.examsessions.domain.contract;

import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SessionPort} adapter must do; an adapter's test subclasses this and supplies the port.
 * Written only against the port, with real time, short TTLs and fresh ids, so it runs unchanged against
 * shared servers (nothing is flushed).
 */
public abstract class SessionPortContract {
    private static final Pattern ID_FORMAT = Pattern.compile("^s-[A-Za-z0-9_-]{22,64}$");
    /** Allowed difference between two readings of one expiry, or between an expiry and local time. */
    private static final Duration TOLERANCE = Duration.ofSeconds(2);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration SHORT_TTL = Duration.ofMillis(300);
    private static final Duration EXPIRY_WAIT = Duration.ofSeconds(5);

    protected static final ExamType CONTRACT_TYPE = new ExamType("contract-exam", "Contract exam", 16, 60,
            new PausePolicy(List.of(2, 4), 120_000));

    /** The port under test; may return the same instance on every call. */
    protected abstract SessionPort port();

    /**
     * Whether {@link SessionPort#stats()} and {@link SessionPort#ping()} report the store available: true for an
     * adapter; a decorator serving from its fallback reports its primary, which is not.
     */
    protected boolean reportsAvailable() {
        return true;
    }

    /** Millisecond precision: stores that keep epoch milliseconds must give back equal values. */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected static long randomUserId() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
    }

    /** A fresh in-progress timed exam with 16 questions (ids 1..16), a fresh id and a random user. */
    protected ExamSession newSession() {
        return ExamSession.start(SessionId.newId(), randomUserId(), CONTRACT_TYPE, ExamMode.EXAM,
                LongStream.rangeClosed(1, 16).boxed().toList(), now());
    }

    private static QuestionKey key(long id, String domain) {
        return new QuestionKey(id, List.of("A", "B", "C", "D"), "B", domain);
    }

    /** A rich in-progress exam: answers, flags, a running break with its checkpoint consumed, a moved deadline. */
    private ExamSession pausedSession() {
        Instant t = now();
        ExamSession s = newSession().withAttemptId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        s = s.answer(key(1, "People"), "B", t);
        s = s.answer(key(2, "Process"), "C", t);
        s = s.answer(key(9, null), "A", t);
        s = s.flag(2, true, t).flag(7, true, t);
        s = s.startPause(2, t);
        return s.withVersion(7);
    }

    // ---- ids -----------------------------------------------------------------------------------

    // ---- put / get -----------------------------------------------------------------------------

    @Test
    void roundTripPreservesEveryFieldOfAPausedExam() {
        ExamSession s = pausedSession();
        assertNotNull(s.pauses().pauseUntil());
        assertEquals(Set.of(2), s.pauses().consumed());
        port().put(s, TEN_MINUTES);
        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    void roundTripPreservesAFinishedExamWithItsResult() {
        Instant t = now();
        ExamSession s = newSession().withAttemptId(42);
        s = s.answer(key(1, "People"), "B", t).answer(key(2, "Process"), "A", t);
        Map<Long, QuestionKey> keys = new LinkedHashMap<>();
        for (long q = 1; q <= 16; q++) {
            keys.put(q, key(q, q % 2 == 0 ? "Process" : "People"));
        }
        s = s.submit(keys, t.plusSeconds(30)).withVersion(4);
        assertEquals(ExamStatus.SUBMITTED, s.status());
        assertEquals(Map.of("People", new DomainScore(1, 8), "Process", new DomainScore(0, 8)), s.result().byDomain());
        port().put(s, TEN_MINUTES);
        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    void roundTripPreservesAPracticeExam() {
        ExamSession s = ExamSession.start(SessionId.newId(), randomUserId(), CONTRACT_TYPE, ExamMode.PRACTICE,
                List.of(5L, 3L, 11L), now()).withAttemptId(3);
        s = s.answer(key(3, "People"), "D", now()).withVersion(2);
        port().put(s, TEN_MINUTES);
        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    void getOfUnknownIdIsEmpty() {
        SessionId unknown = SessionId.newId();
        assertEquals(Optional.empty(), port().get(unknown));
        assertEquals(Optional.empty(), port().expiresAt(unknown));
    }

    @Test
    void putOverwritesUnconditionally() {
        ExamSession s = newSession().withVersion(5);
        port().put(s, TEN_MINUTES);
        ExamSession older = s.withVersion(2).flag(3, true, now());
        port().put(older, TEN_MINUTES);
        assertEquals(Optional.of(older), port().get(s.sessionId()));
    }

    // ---- TTL -----------------------------------------------------------------------------------

    @Test
    void sessionExpiresAfterItsTtl() {
        ExamSession s = newSession();
        port().put(s, SHORT_TTL);
        awaitGone(s.sessionId());
        assertEquals(Optional.empty(), port().expiresAt(s.sessionId()));
    }

    @Test
    void expiresAtIsNowPlusTtl() {
        ExamSession s = newSession();
        Instant before = Instant.now();
        port().put(s, TEN_MINUTES);
        Instant after = Instant.now();
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(), before.plus(TEN_MINUTES), after.plus(TEN_MINUTES));
    }

    @Test
    void getWithExpiryReturnsTheSessionAndItsExpiry() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        SessionPort.StoredSession stored = port().getWithExpiry(s.sessionId()).orElseThrow();
        assertEquals(s, stored.session());
        assertEquals(port().expiresAt(s.sessionId()).orElseThrow(), stored.expiresAt());
        assertEquals(Optional.empty(), port().getWithExpiry(SessionId.newId()));
    }

    // ---- update --------------------------------------------------------------------------------

    @Test
    void updateBumpsVersionAndKeepsRemainingTtl() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        Instant expiry = port().expiresAt(s.sessionId()).orElseThrow();

        Optional<ExamSession> updated = port().update(s.sessionId(), x -> x.flag(5, true, now()));

        ExamSession expected = s.flag(5, true, now()).withVersion(s.version() + 1);
        assertEquals(Optional.of(expected), updated);
        assertEquals(Optional.of(expected), port().get(s.sessionId()));
        assertClose(expiry, port().expiresAt(s.sessionId()).orElseThrow(), Duration.ofMillis(100));
    }

    @Test
    void updateStoresVersionPlusOneWhateverVersionTheChangeReturns() {
        ExamSession s = newSession().withVersion(3);
        port().put(s, TEN_MINUTES);
        Optional<ExamSession> updated = port().update(s.sessionId(), x -> x.flag(5, true, now()).withVersion(99));
        assertEquals(4, updated.orElseThrow().version());
        assertEquals(4, port().get(s.sessionId()).orElseThrow().version());
    }

    @Test
    void updateWithAnEqualResultWritesNothing() {
        ExamSession s = newSession().flag(4, true, now());
        port().put(s, TEN_MINUTES);

        assertEquals(Optional.of(s), port().update(s.sessionId(), x -> x));
        assertEquals(Optional.of(s), port().update(s.sessionId(), x -> x.flag(4, true, now())));
        // an equal copy, not the same instance
        assertEquals(Optional.of(s), port().update(s.sessionId(), x -> x.withAnswers(new HashMap<>(x.answers()))));
        assertEquals(s.version(), port().get(s.sessionId()).orElseThrow().version());
    }

    @Test
    void updateExceptionPropagatesAndChangesNothing() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> port().update(s.sessionId(), x -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    void updateRefusesAChangeOfIdentityAndChangesNothing() {
        ExamSession s = newSession().withAttemptId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
        port().put(s, TEN_MINUTES);
        SessionId otherId = SessionId.newId();
        ContractSupport.identityChanges(otherId).forEach((part, change) -> {
            assertThrows(IllegalStateException.class, () -> port().update(s.sessionId(), change), part);
            assertEquals(Optional.of(s), port().get(s.sessionId()), part);
            assertEquals(Optional.empty(), port().get(otherId), part);
        });
    }

    @Test
    void updateOfUnknownIdIsEmptyAndCreatesNothing() {
        SessionId unknown = SessionId.newId();
        AtomicInteger calls = new AtomicInteger();
        assertEquals(Optional.empty(), port().update(unknown, x -> {
            calls.incrementAndGet();
            return x;
        }));
        assertEquals(0, calls.get());
        assertEquals(Optional.empty(), port().get(unknown));
    }

    @Test
    void updateAfterDeleteIsEmptyAndDoesNotRecreate() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        assertTrue(port().delete(s.sessionId()));

        assertEquals(Optional.empty(), port().update(s.sessionId(), x -> x.flag(1, true, now())));
        assertEquals(Optional.empty(), port().get(s.sessionId()));
        assertEquals(Optional.empty(), port().expiresAt(s.sessionId()));
    }

    @Test
    void updateAfterExpiryIsEmptyAndDoesNotRecreate() {
        ExamSession s = newSession();
        port().put(s, SHORT_TTL);
        awaitGone(s.sessionId());

        assertEquals(Optional.empty(), port().update(s.sessionId(), x -> x.flag(1, true, now())));
        assertEquals(Optional.empty(), port().get(s.sessionId()));
        assertEquals(Optional.empty(), port().expiresAt(s.sessionId()));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentUpdatesLoseNothing() throws Exception {
        int threads = 16;
        int perThread = 200;
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);

        ContractSupport.hammer(threads, perThread, thread -> port().update(s.sessionId(), increment(thread + 1L)));

        ExamSession end = port().get(s.sessionId()).orElseThrow();
        for (long q = 1; q <= threads; q++) {
            assertEquals(String.valueOf(perThread), end.answers().get(q), "counter of thread " + q);
        }
        assertEquals(s.version() + (long) threads * perThread, end.version());
    }

    // ---- putIfNewer ----------------------------------------------------------------------------

    @Test
    void putIfNewerWritesWhenAbsentWithTheGivenTtl() {
        ExamSession s = newSession().withVersion(4);
        Instant before = Instant.now();
        assertTrue(port().putIfNewer(s, TEN_MINUTES));
        Instant after = Instant.now();
        assertEquals(Optional.of(s), port().get(s.sessionId()));
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(), before.plus(TEN_MINUTES), after.plus(TEN_MINUTES));
    }

    @Test
    void putIfNewerWithDefaultTtlWritesWhenAbsent() {
        ExamSession s = newSession();
        assertTrue(port().putIfNewer(s));
        assertEquals(Optional.of(s), port().get(s.sessionId()));
        assertTrue(port().expiresAt(s.sessionId()).orElseThrow().isAfter(Instant.now().plusSeconds(60)));
    }

    @Test
    void putIfNewerReplacesALowerVersionKeepingTheTtl() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        Instant expiry = port().expiresAt(s.sessionId()).orElseThrow();

        ExamSession newer = s.flag(6, true, now()).withVersion(5);
        assertTrue(port().putIfNewer(newer, Duration.ofHours(5)));

        assertEquals(Optional.of(newer), port().get(s.sessionId()));
        assertClose(expiry, port().expiresAt(s.sessionId()).orElseThrow(), Duration.ofMillis(100));
    }

    @Test
    void putIfNewerLeavesAnEqualOrHigherVersion() {
        ExamSession s = newSession().withVersion(5);
        port().put(s, TEN_MINUTES);

        assertFalse(port().putIfNewer(s.flag(6, true, now()), TEN_MINUTES));
        assertFalse(port().putIfNewer(s.flag(7, true, now()).withVersion(3), TEN_MINUTES));
        assertFalse(port().putIfNewer(s.flag(8, true, now()).withVersion(4)));

        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    // ---- finished copies and stale markers: a copy is only ever replaced by a higher version ------

    /** {@code s} finished (submitted, scored) at version {@code version}. */
    private static ExamSession finished(ExamSession s, long version) {
        Map<Long, QuestionKey> keys = new LinkedHashMap<>();
        for (long q = 1; q <= 16; q++) {
            keys.put(q, key(q, "People"));
        }
        return s.submit(keys, now()).withVersion(version);
    }

    @Test
    void putFinishedReplacesALowerVersionWithExactlyItsTtl() {
        ExamSession s = newSession().withVersion(3);
        port().put(s, TEN_MINUTES);
        ExamSession done = finished(s, 4);

        Instant before = Instant.now();
        assertTrue(port().putFinished(done, Duration.ofMinutes(1)));
        Instant after = Instant.now();

        assertEquals(Optional.of(done), port().get(s.sessionId()));
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(), before.plus(Duration.ofMinutes(1)),
                after.plus(Duration.ofMinutes(1)));
    }

    @Test
    void putFinishedWritesWhenAbsentAndLeavesAnEqualOrHigherVersion() {
        ExamSession s = newSession();
        ExamSession done = finished(s, 6);
        assertTrue(port().putFinished(done, TEN_MINUTES));
        assertEquals(Optional.of(done), port().get(s.sessionId()));

        assertFalse(port().putFinished(finished(s.flag(3, true, now()), 6), TEN_MINUTES));
        assertFalse(port().putFinished(finished(s, 5), TEN_MINUTES));
        assertEquals(Optional.of(done), port().get(s.sessionId()));
    }

    @Test
    void aFinishedCopyIsNeverReplacedByAnOlderInProgressOne() {
        ExamSession s = newSession();
        port().put(s.withVersion(5), TEN_MINUTES);
        ExamSession done = finished(s, 6);
        assertTrue(port().putFinished(done, TEN_MINUTES));

        assertFalse(port().putIfNewer(s.withVersion(5)));
        assertFalse(port().putIfNewer(s.withVersion(2), TEN_MINUTES));
        assertFalse(port().putIfNewer(s.withVersion(6)));
        assertEquals(Optional.of(done), port().get(s.sessionId()));
    }

    @Test
    void extendOfAFinishedCopyIsFalseAndKeepsItsTtl() {
        ExamSession done = finished(newSession(), 2);
        assertTrue(port().putFinished(done, TEN_MINUTES));
        Instant expiry = port().expiresAt(done.sessionId()).orElseThrow();

        assertFalse(port().extend(done.sessionId(), Duration.ofHours(3)));

        assertClose(expiry, port().expiresAt(done.sessionId()).orElseThrow(), Duration.ofMillis(100));
    }

    @Test
    void invalidateHidesEveryOlderCopyWithoutLeavingAHole() {
        ExamSession s = newSession().withVersion(5);
        port().put(s, TEN_MINUTES);

        assertTrue(port().invalidate(s.sessionId(), 6, TEN_MINUTES));

        assertEquals(Optional.empty(), port().get(s.sessionId()));
        assertEquals(Optional.empty(), port().getWithExpiry(s.sessionId()));
        assertEquals(Optional.empty(), port().expiresAt(s.sessionId()));
        assertEquals(Optional.empty(), port().update(s.sessionId(), x -> x.flag(1, true, now())));
        assertFalse(port().extend(s.sessionId(), TEN_MINUTES));
        assertFalse(port().putIfNewer(s), "the stale copy is not written back");
        assertFalse(port().putIfNewer(s.withVersion(2), TEN_MINUTES));
        assertEquals(Optional.empty(), port().get(s.sessionId()));
    }

    @Test
    void putIfNewerWritesTheMarkedVersionOrHigherWithAFreshTtl() {
        ExamSession s = newSession().withVersion(6);
        assertTrue(port().invalidate(s.sessionId(), 6, Duration.ofSeconds(30)), "a marker on an absent key");

        Instant before = Instant.now();
        assertTrue(port().putIfNewer(s, TEN_MINUTES));
        Instant after = Instant.now();

        assertEquals(Optional.of(s), port().get(s.sessionId()));
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(), before.plus(TEN_MINUTES), after.plus(TEN_MINUTES));
    }

    @Test
    void putFinishedReplacesAMarkerAtOrBelowItsVersion() {
        ExamSession s = newSession();
        assertTrue(port().invalidate(s.sessionId(), 7, TEN_MINUTES));
        assertFalse(port().putFinished(finished(s, 6), TEN_MINUTES));
        ExamSession done = finished(s, 7);
        assertTrue(port().putFinished(done, TEN_MINUTES));
        assertEquals(Optional.of(done), port().get(s.sessionId()));
    }

    @Test
    void invalidateLeavesACopyOrMarkerAtOrAboveTheVersion() {
        ExamSession s = newSession().withVersion(7);
        port().put(s, TEN_MINUTES);
        assertFalse(port().invalidate(s.sessionId(), 7, TEN_MINUTES));
        assertFalse(port().invalidate(s.sessionId(), 3, TEN_MINUTES));
        assertEquals(Optional.of(s), port().get(s.sessionId()));

        ExamSession atFive = newSession().withVersion(5);
        SessionId other = atFive.sessionId();
        assertTrue(port().invalidate(other, 6, TEN_MINUTES));
        assertFalse(port().invalidate(other, 4, TEN_MINUTES), "a lower marker does not lower the bar");
        assertFalse(port().putIfNewer(atFive));
        assertTrue(port().invalidate(other, 8, TEN_MINUTES), "a higher one raises it");
        assertFalse(port().putIfNewer(atFive.withVersion(7)));
        assertTrue(port().putIfNewer(atFive.withVersion(8)));
    }

    @Test
    void aMarkerExpiresAfterItsTtl() {
        ExamSession s = newSession().withVersion(2);
        assertTrue(port().invalidate(s.sessionId(), 9, SHORT_TTL));
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> port().putIfNewer(s, TEN_MINUTES));
        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void racingOlderWritesNeverReplaceTheFinishedCopy() throws Exception {
        int writers = 8;
        for (int trial = 0; trial < 100; trial++) {
            ExamSession s = newSession();
            ExamSession done = finished(s, writers + 2);
            port().put(s, TEN_MINUTES);
            boolean dropFirst = trial % 2 == 0;
            if (dropFirst) {
                port().delete(s.sessionId()); // as after a TTL or a flush: the older writes find nothing
            }
            ContractSupport.hammer(writers + 1, 1, thread -> {
                if (thread == writers) {
                    port().putFinished(done, TEN_MINUTES);
                } else if (thread % 2 == 0) {
                    port().putIfNewer(s.withVersion(thread + 2));
                } else {
                    port().invalidate(s.sessionId(), thread + 2, TEN_MINUTES);
                }
            });
            assertEquals(Optional.of(done), port().get(s.sessionId()), "trial " + trial);
        }
    }

    // ---- delete / extend / stats ---------------------------------------------------------------

    @Test
    void deleteRemovesTheSession() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        assertTrue(port().delete(s.sessionId()));
        assertEquals(Optional.empty(), port().get(s.sessionId()));
        assertFalse(port().delete(s.sessionId()));
        assertFalse(port().delete(SessionId.newId()));
    }

    @Test
    void extendSetsTheRemainingTtl() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);

        Instant before = Instant.now();
        assertTrue(port().extend(s.sessionId(), Duration.ofHours(3)));
        Instant after = Instant.now();
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(),
                before.plus(Duration.ofHours(3)), after.plus(Duration.ofHours(3)));

        before = Instant.now();
        assertTrue(port().extend(s.sessionId(), Duration.ofMinutes(1)));
        after = Instant.now();
        assertWithin(port().expiresAt(s.sessionId()).orElseThrow(),
                before.plus(Duration.ofMinutes(1)), after.plus(Duration.ofMinutes(1)));

        assertEquals(Optional.of(s), port().get(s.sessionId()));
    }

    @Test
    void extendOfMissingSessionIsFalseAndCreatesNothing() {
        SessionId unknown = SessionId.newId();
        assertFalse(port().extend(unknown, TEN_MINUTES));
        assertEquals(Optional.empty(), port().get(unknown));
        assertEquals(Optional.empty(), port().expiresAt(unknown));
    }

    @Test
    void statsNameTheBackendAndReportAvailable() {
        ExamSession s = newSession();
        port().put(s, TEN_MINUTES);
        SessionStoreStats stats = port().stats();
        assertNotNull(stats.backend());
        assertFalse(stats.backend().isBlank());
        assertEquals(reportsAvailable(), stats.available());
        assertTrue(stats.sessionCount() >= 1, "sessionCount " + stats.sessionCount());
        assertNotNull(stats.details());
        assertEquals(reportsAvailable(), port().ping());
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Adds one to the counter kept as the answer to question {@code q}; a pure function of the state. */
    protected static UnaryOperator<ExamSession> increment(long q) {
        return x -> {
            Map<Long, String> answers = new HashMap<>(x.answers());
            answers.merge(q, "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
            return x.withAnswers(answers);
        };
    }

    private void awaitGone(SessionId id) {
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> port().get(id).isEmpty());
    }

    private static void assertWithin(Instant actual, Instant from, Instant to) {
        assertTrue(!actual.isBefore(from.minus(TOLERANCE)) && !actual.isAfter(to.plus(TOLERANCE)),
                "expected " + actual + " within [" + from + ", " + to + "] ± " + TOLERANCE);
    }

    private static void assertClose(Instant expected, Instant actual, Duration tolerance) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(tolerance) <= 0,
                "expected " + actual + " to be within " + tolerance + " of " + expected);
    }
}
