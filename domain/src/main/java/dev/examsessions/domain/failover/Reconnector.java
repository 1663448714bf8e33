package dev.examsessions.domain.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Tries to bring the primary back: on its own thread with capped exponential backoff and jitter, and on
 * demand at most once per {@link #PROBE_INTERVAL} of the injected clock.
 */
final class Reconnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("SessionManager");
    /** While on the fallback, a request probes the primary at most this often (besides the backoff loop). */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private final String primaryName;
    private final Backoff backoff;
    private final Clock clock;
    private final BooleanSupplier attempt;
    private final ScheduledExecutorService executor;
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicBoolean pending = new AtomicBoolean(false);
    /** When a request last probed the primary, on the injected clock; null: never. */
    private final AtomicReference<Instant> lastProbe = new AtomicReference<>();

    /** {@code attempt} tries to reconnect once and answers whether the primary is back. */
    Reconnector(String primaryName, Backoff backoff, Clock clock, BooleanSupplier attempt) {
        this.primaryName = primaryName;
        this.backoff = backoff;
        this.clock = clock;
        this.attempt = attempt;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-store-reconnect");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules an attempt after the next backoff delay, and another after each failure, until one succeeds. */
    void retryInBackground() {
        // at most one reconnect attempt is pending, however many paths ask for one
        if (executor.isShutdown() || !pending.compareAndSet(false, true)) {
            return;
        }
        Duration wait = backoff.delay(failedAttempts.getAndIncrement(), ThreadLocalRandom.current());
        try {
            executor.schedule(() -> {
                pending.set(false);
                try {
                    if (!attempt.getAsBoolean()) {
                        retryInBackground();
                    }
                } catch (RuntimeException e) {
                    retryInBackground();
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // closing
            pending.set(false);
        }
    }

    /** The primary is back: the next outage's backoff starts again from its first delay. */
    void reset() {
        failedAttempts.set(0);
    }

    /** Lets the caller try the primary once, when no request did in the last {@link #PROBE_INTERVAL}. */
    void probeIfDue() {
        Instant now = clock.instant();
        Instant last = lastProbe.get();
        if (probeDue(last, now) && lastProbe.compareAndSet(last, now)) {
            try {
                attempt.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "probe of " + primaryName + " failed: " + e);
            }
        }
    }

    private static boolean probeDue(Instant last, Instant now) {
        if (last == null) {
            return true;
        }
        Duration since = Duration.between(last, now);
        // a clock set back must not hold probes off until it catches up again
        return since.isNegative() || since.compareTo(PROBE_INTERVAL) >= 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
