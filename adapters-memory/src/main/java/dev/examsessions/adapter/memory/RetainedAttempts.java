package dev.examsessions.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The attempts held in memory (Caffeine, expiry on the injected clock): a finished attempt stays for a retention
 * period after it finished and never more than a maximum count of them, the oldest finished going first.
 */
final class RetainedAttempts {
    private static final Logger SESSION_MANAGER = LoggerFactory.getLogger("SessionManager");
    /** Caffeine's own ceiling for an expiry (about 146 years): an open attempt never expires. */
    private static final long NEVER = Long.MAX_VALUE >> 1;

    private final Cache<SessionId, StoredAttempt> cache;
    private final ConcurrentMap<SessionId, StoredAttempt> attempts;
    private final Clock clock;
    private final Duration retention;
    private final long maxFinished;
    /** Evicting a little below the cap at once keeps the cap's scan off most finishes. */
    private final long capSlack;
    private final Consumer<ExamSession> onLeave;
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong expiredSinceCleanup = new AtomicLong();
    private final AtomicLong overCapSinceCleanup = new AtomicLong();
    private final Object capLock = new Object();

    /** {@code onLeave} is told of every attempt that leaves (retention or cap). */
    RetainedAttempts(Clock clock, Duration retention, long maxFinished, Consumer<ExamSession> onLeave) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive duration, not " + retention);
        }
        if (maxFinished < 1) {
            throw new IllegalArgumentException("maxFinished must be positive, not " + maxFinished);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = retention;
        this.maxFinished = maxFinished;
        this.capSlack = Math.max(1, maxFinished / 100);
        this.onLeave = Objects.requireNonNull(onLeave, "onLeave");
        this.cache = Caffeine.newBuilder()
                .ticker(this::nowNanos)
                .expireAfter(Expiry.writing((SessionId key, StoredAttempt value) ->
                        Duration.ofNanos(lifetime(value, nowNanos()))))
                // maintenance on the calling thread: evictions are counted by the time cleanUp() returns
                .executor(Runnable::run)
                .evictionListener((SessionId key, StoredAttempt value, RemovalCause cause) -> {
                    if (value != null) {
                        forget(value);
                        if (cause == RemovalCause.EXPIRED) {
                            expiredSinceCleanup.incrementAndGet();
                        }
                    }
                })
                .build();
        this.attempts = cache.asMap();
    }

    /** The attempts by session id; changes through it keep the expiry (but not the finished count) up to date. */
    ConcurrentMap<SessionId, StoredAttempt> map() {
        return attempts;
    }

    /** Counts an attempt stored finished or just finished; call {@link #enforceCap()} after (outside its lock). */
    void countFinished() {
        finished.incrementAndGet();
    }

    /**
     * Drops finished attempts past their retention and logs what this and the cap removed since the last call
     * (count and kind, in the style of the session cleanup). Returns how many were removed.
     */
    int cleanUp() {
        cache.cleanUp();
        enforceCap();
        long expired = expiredSinceCleanup.getAndSet(0);
        long overCap = overCapSinceCleanup.getAndSet(0);
        if (expired > 0) {
            SESSION_MANAGER.info("[SessionManager] Cleaned up {} finished attempts older than {} from memory",
                    expired, describe(retention));
        }
        if (overCap > 0) {
            SESSION_MANAGER.info("[SessionManager] Cleaned up {} oldest finished attempts from memory"
                    + " (more than {} finished attempts)", overCap, maxFinished);
        }
        return (int) Math.min(Integer.MAX_VALUE, expired + overCap);
    }

    /** Finished attempts held now (those past their retention already dropped). */
    long finishedCount() {
        cache.cleanUp();
        return finished.get();
    }

    /**
     * Removes the oldest finished attempts (by finishedAt, then attempt id) while more than the cap are held.
     * Not Caffeine's size bound: its admission policy may drop the newest entry at once, and the newest result is
     * the one its taker is about to read.
     */
    void enforceCap() {
        if (finished.get() <= maxFinished) {
            return;
        }
        synchronized (capLock) {
            long excess = finished.get() - maxFinished;
            if (excess <= 0) {
                return;
            }
            List<StoredAttempt> oldest = attempts.values().stream().filter(StoredAttempt::isFinished)
                    .sorted(Comparator.comparing((StoredAttempt s) -> s.session().result().finishedAt())
                            .thenComparingLong(s -> s.session().attemptId()))
                    .limit(excess + capSlack)
                    .toList();
            for (StoredAttempt victim : oldest) {
                boolean[] removed = {false};
                attempts.computeIfPresent(victim.session().sessionId(), (key, current) -> {
                    removed[0] = current == victim;
                    return removed[0] ? null : current;
                });
                if (removed[0]) {
                    forget(victim);
                    overCapSinceCleanup.incrementAndGet();
                }
            }
        }
    }

    /** Bookkeeping for an attempt that left the record (retention or cap). */
    private void forget(StoredAttempt gone) {
        if (gone.isFinished()) {
            finished.decrementAndGet();
        }
        onLeave.accept(gone.session());
    }

    @Override
    public String toString() {
        return "finished attempts kept " + describe(retention) + " after they finished, at most " + maxFinished;
    }

    /** Nanoseconds until a stored attempt leaves the record: finished ones {@code retention} after finishing. */
    private long lifetime(StoredAttempt stored, long nowNanos) {
        if (!stored.isFinished()) {
            return NEVER;
        }
        Instant until = stored.session().result().finishedAt().plus(retention);
        long untilNanos = epochNanos(until);
        return Math.max(0, Math.min(NEVER, untilNanos - nowNanos));
    }

    private long nowNanos() {
        return epochNanos(clock.instant());
    }

    private static long epochNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    /** A duration as the configuration writes it (30d, 12h, 90m, 45s, 500ms). */
    static String describe(Duration d) {
        if (d.toMillis() % 86_400_000L == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000L == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000L == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1_000L == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
