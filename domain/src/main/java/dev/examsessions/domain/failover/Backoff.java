package dev.examsessions.domain.failover;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Capped exponential backoff with jitter: attempt n waits a random time in [d/2, d], d = min(cap, base·2ⁿ). */
public record Backoff(Duration base, Duration cap) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    public Duration delay(int attempt, RandomGenerator random) {
        long capped = cap.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 30);
        long d = exp <= 0 ? capped : Math.min(capped, exp);
        long half = d / 2;
        return Duration.ofMillis(half + random.nextLong(d - half + 1));
    }
}
