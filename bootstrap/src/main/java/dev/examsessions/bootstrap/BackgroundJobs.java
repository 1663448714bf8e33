package dev.examsessions.bootstrap;

import dev.examsessions.adapter.memory.InMemorySessionAdapter;
import dev.examsessions.domain.ExamEvents;
import dev.examsessions.domain.ExamService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The periodic jobs: the overdue-exam sweep and the memory store's expiry sweep. */
final class BackgroundJobs implements AutoCloseable {
    static final Duration OVERDUE_SWEEP_INTERVAL = Duration.ofSeconds(15);
    private static final int SWEEP_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    private final ExamService exams;
    private final ScheduledExecutorService scheduler;
    private final ExamEvents events;

    private BackgroundJobs(ExamService exams, ScheduledExecutorService scheduler, ExamEvents events) {
        this.exams = exams;
        this.scheduler = scheduler;
        this.events = events;
    }

    static BackgroundJobs start(ExamService exams, Optional<InMemorySessionAdapter> memorySessions,
                                Duration cleanupInterval, ExamEvents events) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "background-jobs");
            t.setDaemon(true);
            return t;
        });
        BackgroundJobs jobs = new BackgroundJobs(exams, scheduler, events);
        long sweepMs = OVERDUE_SWEEP_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(jobs::sweepQuietly, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        memorySessions.ifPresent(memory -> {
            long cleanupMs = cleanupInterval.toMillis();
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    memory.cleanUpExpired();
                } catch (RuntimeException e) {
                    LOG.warn("memory session cleanup failed: {}", e.toString());
                }
            }, cleanupMs, cleanupMs, TimeUnit.MILLISECONDS);
        });
        return jobs;
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
