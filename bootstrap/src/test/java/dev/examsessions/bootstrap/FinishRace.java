package dev.examsessions.bootstrap;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.service.ExamView;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.fakes.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trials of answers (and reads that rebuild the copy) racing one finishing path of one exam, through one or
 * two service instances; after each trial the exam must read as finished everywhere.
 */
final class FinishRace implements AutoCloseable {
    static final String EXAM_TYPE = "pmp-quick";
    /** Longer than pmp-quick's 15 minutes: a jump of this much makes the exam overdue. */
    private static final Duration PAST_DEADLINE = Duration.ofMinutes(16);
    private static final int ANSWER_THREADS = 6;
    private static final int READ_THREADS = 2;
    private static final AtomicLong USERS = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40));

    /** How the exam is finished while the answers race. */
    enum Path {
        SUBMIT, DELETE, TIMEOUT_BY_REQUEST, TIMEOUT_BY_SWEEP,
        /** The copy is gone (TTL, flush) so the racing reads rebuild it from the attempt while submit runs. */
        REBUILD_VS_SUBMIT
    }

    /** One instance of the service with the session store and attempt record it uses. */
    record Instance(ExamService service, SessionPort sessions, AttemptRepository attempts) {
    }

    /** The outcome of a series of trials: how many, and what went wrong in each bad one. */
    record Tally(Path path, int trials, List<String> stale) {
        String figure(String setUp) {
            return String.format("[race] %s, %s: %d trials, %d with a stale outcome%s", setUp, path, trials,
                    stale.size(), stale.isEmpty() ? "" : " (first: " + stale.get(0) + ")");
        }
    }

    private final List<Instance> instances;
    private final MutableClock clock;
    private final ExecutorService pool = Executors.newFixedThreadPool(ANSWER_THREADS + READ_THREADS + 1);

    FinishRace(List<Instance> instances, MutableClock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    Tally run(Path path, int trials) throws Exception {
        List<String> stale = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            trial(path).ifPresent(stale::add);
        }
        return new Tally(path, trials, stale);
    }

    /** One trial; a description of what was stale afterwards, or empty. */
    private Optional<String> trial(Path path) throws Exception {
        long user = USERS.incrementAndGet();
        Instance first = instance(0);
        ExamView started = first.service().select(user, EXAM_TYPE, "exam", null);
        SessionId id = started.session().sessionId();
        List<Long> questions = started.session().questionIds();
        if (path == Path.REBUILD_VS_SUBMIT) {
            // as after a TTL or a flush: the next reads rebuild the copy from the attempt
            for (Instance i : instances) {
                i.sessions().delete(id);
            }
        }

        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean(false);
        List<String> staleReads = new ArrayList<>();
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < ANSWER_THREADS; t++) {
            long qid = questions.get(t);
            Instance on = instance(t);
            tasks.add(pool.submit(() -> {
                go.await();
                try {
                    on.service().answer(user, id, qid, "B", null);
                } catch (ExamException refused) {
                    // the finish got there first (EXAM_FINISHED) or time is up (TIME_EXPIRED): both fine
                    requireOneOf(refused, ErrorCode.EXAM_FINISHED, ErrorCode.TIME_EXPIRED);
                    if (refused.code() == ErrorCode.TIME_EXPIRED) {
                        finished.set(true); // this request timed the exam out and says so
                    }
                }
                return null;
            }));
        }
        for (int t = 0; t < READ_THREADS; t++) {
            Instance on = instance(t + 1);
            tasks.add(pool.submit(() -> {
                go.await();
                // reads before and after the finish; a read that starts once the finish returned must see it
                for (int i = 0; i < 4; i++) {
                    boolean afterFinish = finished.get();
                    ExamView read = on.service().state(user, id);
                    if (afterFinish && !read.session().status().isFinished()) {
                        synchronized (staleReads) {
                            staleReads.add("read after the finish saw " + describe(read.session()));
                        }
                    }
                }
                return null;
            }));
        }
        Instance finisher = instance(1);
        tasks.add(pool.submit(() -> {
            go.await();
            if (finish(path, finisher, user, id, questions)) {
                finished.set(true);
            }
            return null;
        }));
        go.countDown();
        for (Future<?> f : tasks) {
            f.get(60, TimeUnit.SECONDS);
        }
        return check(user, id, staleReads);
    }

    /**
     * Finishes the exam the way {@code path} says; true when this call acknowledged the finish (false when a
     * racing request timed the exam out first: that one acknowledges it).
     */
    private boolean finish(Path path, Instance on, long user, SessionId id, List<Long> questions) {
        switch (path) {
            case SUBMIT, REBUILD_VS_SUBMIT -> on.service().submit(user, id, null);
            case DELETE -> on.service().abandon(user, id, null);
            case TIMEOUT_BY_REQUEST -> {
                clock.advance(PAST_DEADLINE);
                try {
                    on.service().answer(user, id, questions.get(questions.size() - 1), "C", null);
                    throw new AssertionError("an answer after the deadline was accepted");
                } catch (ExamException expected) {
                    requireOneOf(expected, ErrorCode.TIME_EXPIRED, ErrorCode.EXAM_FINISHED);
                    return expected.code() == ErrorCode.TIME_EXPIRED;
                }
            }
            case TIMEOUT_BY_SWEEP -> {
                clock.advance(PAST_DEADLINE);
                // the sweep skips an attempt locked by a racing answer (SKIP LOCKED); its next run takes it
                for (int run = 0; run < 1000 && !on.attempts().find(id).orElseThrow().status().isFinished(); run++) {
                    if (on.service().sweepOverdue(100) > 0) {
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /** After the race, on every instance: finished, at the finish's version or later, review 200, extend 409. */
    private Optional<String> check(long user, SessionId id, List<String> staleReads) {
        List<String> problems = new ArrayList<>(staleReads);
        java.util.Set<Long> versions = new java.util.TreeSet<>();
        for (int n = 0; n < instances.size(); n++) {
            Instance i = instances.get(n);
            String where = "instance " + n + ": ";
            Optional<ExamSession> copy = i.sessions().get(id);
            if (copy.isPresent() && !copy.get().status().isFinished()) {
                problems.add(where + "copy left " + describe(copy.get()));
            }
            ExamSession state = i.service().state(user, id).session();
            versions.add(state.version());
            if (!state.status().isFinished()) {
                problems.add(where + "GET shows " + describe(state));
            }
            try {
                i.service().review(user, id);
            } catch (ExamException e) {
                problems.add(where + "review " + e.code());
            }
            try {
                i.service().extend(user, id, 10, null);
                problems.add(where + "extend accepted");
            } catch (ExamException e) {
                if (e.code() != ErrorCode.EXAM_FINISHED) {
                    problems.add(where + "extend " + e.code());
                }
            }
        }
        if (versions.size() > 1) {
            problems.add("instances disagree on the version: " + versions);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(id + ": " + problems);
    }

    private Instance instance(int n) {
        return instances.get(n % instances.size());
    }

    private static String describe(ExamSession s) {
        return s.status() + " v" + s.version();
    }

    private static void requireOneOf(ExamException e, ErrorCode... allowed) {
        for (ErrorCode code : allowed) {
            if (e.code() == code) {
                return;
            }
        }
        throw e;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
