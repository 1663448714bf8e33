package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.key;
import static dev.examsessions.adapter.jpa.Fixtures.questions;
import static dev.examsessions.adapter.jpa.Fixtures.randomUserId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Races that PostgreSQL decides: parallel starts, parallel answers, two sweepers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    private static final ExamType PMP = Fixtures.examType("pmp", 180, 230, new PausePolicy(List.of(60, 120), 600_000));

    @RegisterExtension
    static final FreshRepository FRESH = new FreshRepository();

    @Test
    void tenParallelStartsCreateOneAttemptAndTheOthersNameIt() throws Exception {
        long user = randomUserId();
        List<ExamSession> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(exam(user, PMP, ExamMode.EXAM, questions(180), Instant.now()));
        }

        List<Future<ExamSession>> results = race(10, i -> () -> FRESH.repository().create(candidates.get(i)));

        List<ExamSession> created = new ArrayList<>();
        List<SessionId> named = new ArrayList<>();
        for (Future<ExamSession> f : results) {
            try {
                created.add(f.get());
            } catch (ExecutionException e) {
                named.add(assertInstanceOf(OpenAttemptExists.class, e.getCause()).existing());
            }
        }
        assertEquals(1, created.size(), "exactly one start creates an attempt");
        SessionId winner = created.get(0).sessionId();
        assertEquals(9, named.size());
        assertTrue(named.stream().allMatch(winner::equals), named.toString());
        try (Connection c = FRESH.database().connect()) {
            assertEquals(1, Fixtures.queryLong(c, "SELECT count(*) FROM attempts WHERE user_id = ?", user));
        }
    }

    @Test
    void eightThreadsAnsweringDifferentQuestionsLoseNothing() throws Exception {
        ExamSession created = FRESH.repository().create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), Instant.now()));
        int threads = 8;
        int perThread = 20;

        List<Future<Void>> done = race(threads, t -> () -> {
            for (int i = 1; i <= perThread; i++) {
                QuestionKey question = key((long) t * perThread + i, "People");
                FRESH.repository().update(created.sessionId(), s -> s.answer(question, "B", Instant.now()));
            }
            return null;
        });
        for (Future<Void> f : done) {
            f.get();
        }

        ExamSession end = FRESH.repository().find(created.sessionId()).orElseThrow();
        assertEquals(threads * perThread, end.answers().size());
        assertTrue(end.answers().values().stream().allMatch("B"::equals));
        assertEquals(1 + threads * perThread, end.version(), "version = 1 + number of changes");
        try (Connection c = FRESH.database().connect()) {
            assertEquals(threads * perThread, Fixtures.queryLong(c,
                    "SELECT count(*) FROM attempt_answers WHERE attempt_id = ?", created.attemptId()));
            assertEquals(1 + threads * perThread, Fixtures.queryLong(c,
                    "SELECT version FROM attempts WHERE id = ?", created.attemptId()));
        }
    }

    @Test
    void twoSweepersFinalizeEachOverdueAttemptExactlyOnce() throws Exception {
        // a fixed instant long past: the sweep goes by the application's clock, never the database's, and the
        // other attempts of this class (started now) are not overdue at that instant
        Instant sweepAt = Instant.parse("2001-02-03T04:05:06.789Z");
        ExamType oneHour = Fixtures.examType("sweep", 5, 60, PausePolicy.none());
        Set<SessionId> overdue = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            // deadlines between 2 h and 1 h before the sweep; the last one exactly at the sweep instant
            Instant started = i == 29 ? sweepAt.minus(Duration.ofHours(1)) : sweepAt.minus(Duration.ofMinutes(120 - i));
            overdue.add(FRESH.repository().create(exam(randomUserId(), oneHour, ExamMode.EXAM, questions(5), started)).sessionId());
        }
        ExamSession running = FRESH.repository().create(exam(randomUserId(), oneHour, ExamMode.EXAM, questions(5),
                sweepAt.minus(Duration.ofMinutes(59))));
        ExamSession practice = FRESH.repository().create(exam(randomUserId(), oneHour, ExamMode.PRACTICE, questions(5),
                sweepAt.minus(Duration.ofDays(3))));

        Map<SessionId, AtomicInteger> finalized = new ConcurrentHashMap<>();
        Map<Long, QuestionKey> keys = new HashMap<>();
        questions(5).forEach(q -> keys.put(q, key(q, "People")));
        UnaryOperator<ExamSession> finalize = s -> {
            finalized.computeIfAbsent(s.sessionId(), id -> new AtomicInteger()).incrementAndGet();
            return s.timeOut(keys, sweepAt);
        };

        List<Future<List<ExamSession>>> sweeps = race(2, t -> () -> {
            List<ExamSession> mine = new ArrayList<>();
            List<ExamSession> batch;
            do {
                batch = FRESH.repository().claimOverdue(sweepAt, 4, finalize);
                mine.addAll(batch);
            } while (!batch.isEmpty());
            return mine;
        });

        List<ExamSession> first = sweeps.get(0).get();
        List<ExamSession> second = sweeps.get(1).get();
        List<SessionId> all = new ArrayList<>();
        first.forEach(s -> all.add(s.sessionId()));
        second.forEach(s -> all.add(s.sessionId()));
        assertEquals(overdue.size(), all.size(), "no attempt claimed twice");
        assertEquals(overdue, new HashSet<>(all));
        assertEquals(overdue, finalized.keySet());
        finalized.forEach((id, calls) -> assertEquals(1, calls.get(), "finalize calls for " + id));
        for (SessionId id : overdue) {
            ExamSession stored = FRESH.repository().find(id).orElseThrow();
            assertEquals(ExamStatus.TIMED_OUT, stored.status());
            assertEquals(2, stored.version());
            assertEquals(sweepAt, stored.result().finishedAt());
        }
        assertEquals(ExamStatus.IN_PROGRESS, FRESH.repository().find(running.sessionId()).orElseThrow().status());
        assertEquals(ExamStatus.IN_PROGRESS, FRESH.repository().find(practice.sessionId()).orElseThrow().status());
        assertEquals(List.of(), FRESH.repository().claimOverdue(sweepAt, 100, finalize));
    }

    /** Runs {@code tasks.apply(i)} on {@code n} threads released together; the futures, all done. */
    private static <T> List<Future<T>> race(int n, IntFunction<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> task = tasks.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            for (Future<T> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException ignored) {
                    // inspected by the caller
                }
            }
            return futures;
        } finally {
            pool.shutdownNow();
        }
    }
}
