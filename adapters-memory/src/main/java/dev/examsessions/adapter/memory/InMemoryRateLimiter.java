package dev.examsessions.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.examsessions.domain.port.RateLimiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/** At most {@code limit} events per key in any sliding window, counted in this process's memory. */
public final class InMemoryRateLimiter implements RateLimiter {
    private final int limit;
    private final long windowNanos;
    private final Clock clock;
    /** Per key, the instants (epoch nanos) of the events still inside the window, oldest first. */
    private final Cache<String, ArrayDeque<Long>> events;

    private InMemoryRateLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be a positive duration, not " + window);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
        // a key idle for a whole window has nothing left to remember
        this.events = Caffeine.newBuilder().ticker(this::nowNanos).expireAfterAccess(window)
                .executor(Runnable::run).build();
    }

    /** {@code limit} events per {@code window} and key. */
    public static InMemoryRateLimiter create(int limit, Duration window, Clock clock) {
        return new InMemoryRateLimiter(limit, window, clock);
    }

    @Override
    public Optional<Duration> tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = nowNanos();
        long[] wait = {0};
        events.asMap().compute(key, (k, times) -> {
            ArrayDeque<Long> window = times == null ? new ArrayDeque<>() : times;
            while (!window.isEmpty() && window.peekFirst() <= now - windowNanos) {
                window.pollFirst();
            }
            if (window.size() < limit) {
                window.addLast(now);
            } else {
                wait[0] = window.peekFirst() + windowNanos - now;
            }
            return window;
        });
        return wait[0] > 0 ? Optional.of(Duration.ofNanos(wait[0])) : Optional.empty();
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
