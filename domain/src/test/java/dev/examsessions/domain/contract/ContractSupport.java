package dev.examsessions.domain.contract;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the contract suites: starting threads together, collecting their failures, bad changes. */
final class ContractSupport {
    private ContractSupport() {
    }

    /**
     * Changes that each alter one part of an exam's identity (session id, attempt id, user, exam type, mode),
     * keeping the rest; {@code otherId} is a fresh session id.
     */
    static Map<String, UnaryOperator<ExamSession>> identityChanges(SessionId otherId) {
        Map<String, UnaryOperator<ExamSession>> changes = new LinkedHashMap<>();
        changes.put("sessionId", s -> restart(s, otherId, s.userId(), s.examType(), s.mode()));
        changes.put("attemptId", s -> s.withAttemptId(s.attemptId() + 1));
        changes.put("userId", s -> restart(s, s.sessionId(), s.userId() + 1, s.examType(), s.mode()));
        changes.put("examType", s -> restart(s, s.sessionId(), s.userId(), s.examType() + "-other", s.mode()));
        changes.put("mode", s -> restart(s, s.sessionId(), s.userId(), s.examType(),
                s.mode() == ExamMode.EXAM ? ExamMode.PRACTICE : ExamMode.EXAM));
        return changes;
    }

    private static ExamSession restart(ExamSession s, SessionId id, long userId, String examType, ExamMode mode) {
        ExamType type = new ExamType(examType, "Other", s.questionIds().size(), 60, PausePolicy.none());
        return ExamSession.start(id, userId, type, mode, s.questionIds(), s.startedAt())
                .withAttemptId(s.attemptId()).withVersion(s.version());
    }

    /** One step of a hammer thread. */
    @FunctionalInterface
    interface ThreadAction {
        void run(int thread) throws Exception;
    }

    /** One whole task of a racing thread, returning its result. */
    @FunctionalInterface
    interface ThreadTask<T> {
        T call(int thread) throws Exception;
    }

    /** Runs {@code action(thread)} {@code perThread} times on each of {@code threads} threads started together. */
    static void hammer(int threads, int perThread, ThreadAction action) throws Exception {
        List<Future<Void>> done = race(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                action.run(thread);
            }
            return null;
        });
        for (Future<Void> f : done) {
            value(f);
        }
    }

    /**
     * Runs {@code task(thread)} once on each of {@code threads} threads released together; returns the
     * futures in thread order, all done (they may hold exceptions).
     */
    static <T> List<Future<T>> race(int threads, ThreadTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call(thread);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            start.countDown();
            for (Future<T> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException ignored) {
                    // the caller inspects each future
                }
            }
            return futures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The value of a finished future, rethrowing what its task threw. */
    static <T> T value(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
