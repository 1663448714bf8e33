package dev.examsessions.bootstrap;

import dev.examsessions.adapter.memory.InMemoryAttemptRepository;
import dev.examsessions.adapter.memory.InMemorySessionAdapter;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.service.ExamService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The periodic jobs: the overdue-exam sweep, and the memory clean-up (expired session copies, idle practice attempts,
 * finished attempts past their retention or over the cap).
 */
final class BackgroundJobs implements AutoCloseable {
    static final Duration OVERDUE_SWEEP_INTERVAL = Duration.ofSeconds(15);
    private static final int SWEEP_BATCH = 100;
    /** Idle practice attempts finalized per clean-up run at most (the rest wait for the next run). */
    static final int IDLE_BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
    private static final Logger SESSION_MANAGER = LoggerFactory.getLogger("SessionManager");

    private final ExamService exams;
    private final ScheduledExecutorService scheduler;
    private final Optional<InMemorySessionAdapter> memorySessions;
    private final Optional<InMemoryAttemptRepository> memoryAttempts;
    private final Duration idleAfter;
    private final ExamEvents events;

    private BackgroundJobs(ExamService exams, ScheduledExecutorService scheduler,
                           Optional<InMemorySessionAdapter> memorySessions,
                           Optional<InMemoryAttemptRepository> memoryAttempts, Duration idleAfter,
                           ExamEvents events) {
        this.exams = exams;
        this.scheduler = scheduler;
        this.memorySessions = memorySessions;
        this.memoryAttempts = memoryAttempts;
        this.idleAfter = idleAfter;
        this.events = events;
    }

    /**
     * Starts the jobs; the memory clean-up runs every {@code cleanupInterval} when sessions or attempts live in
     * memory, and finalizes practice attempts idle for {@code idleAfter} (the session TTL) without a copy.
     */
    static BackgroundJobs start(ExamService exams, Optional<InMemorySessionAdapter> memorySessions,
                                Optional<InMemoryAttemptRepository> memoryAttempts, Duration cleanupInterval,
                                Duration idleAfter, ExamEvents events) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "background-jobs");
            t.setDaemon(true);
            return t;
        });
        BackgroundJobs jobs = new BackgroundJobs(exams, scheduler, memorySessions, memoryAttempts, idleAfter, events);
        long sweepMs = OVERDUE_SWEEP_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(jobs::sweepQuietly, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        if (memorySessions.isPresent() || memoryAttempts.isPresent()) {
            long cleanupMs = cleanupInterval.toMillis();
            scheduler.scheduleWithFixedDelay(jobs::cleanUpMemory, cleanupMs, cleanupMs, TimeUnit.MILLISECONDS);
        }
        return jobs;
    }

    /** One memory clean-up run; each part logs its own line when it removed something. */
    void cleanUpMemory() {
        memorySessions.ifPresent(memory -> {
            try {
                memory.cleanUpExpired();
            } catch (RuntimeException e) {
                LOG.warn("memory session cleanup failed: {}", e.toString());
            }
        });
        memoryAttempts.ifPresent(memory -> {
            try {
                int abandoned = exams.abandonIdle(idleAfter, IDLE_BATCH);
                if (abandoned > 0) {
                    SESSION_MANAGER.info("[SessionManager] Abandoned {} idle practice attempts in memory"
                            + " (no session copy, unchanged for {})", abandoned, idleAfter);
                }
            } catch (RuntimeException e) {
                LOG.warn("idle attempt cleanup failed: {}", e.toString());
            }
            try {
                memory.cleanUp();
            } catch (RuntimeException e) {
                LOG.warn("memory attempt cleanup failed: {}", e.toString());
            }
        });
    }

    /** Finalizes overdue exams in batches until none is left; the run is reported to the events. */
    int sweepOverdue() {
        int total = 0;
        int batch;
        try {
            do {
                batch = exams.sweepOverdue(SWEEP_BATCH);
                total += batch;
            } while (batch == SWEEP_BATCH);
        } catch (RuntimeException e) {
            events.sweepRan(false, total);
            throw e;
        }
        events.sweepRan(true, total);
        if (total > 0) {
            LOG.info("Finalized {} overdue exams as TIMED_OUT", total);
        }
        return total;
    }

    private void sweepQuietly() {
        try {
            sweepOverdue();
        } catch (RuntimeException e) {
            // The attempt record may be down; the next run retries.
            LOG.warn("overdue sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
