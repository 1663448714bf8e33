package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.port.RateLimiter;
import java.time.Duration;
import java.util.Optional;

/** Uses the shared limiter while its store answers and this instance's own limiter while it does not. */
public final class FallbackRateLimiter implements RateLimiter {
    private final RateLimiter shared;
    private final RateLimiter local;

    public FallbackRateLimiter(RateLimiter shared, RateLimiter local) {
        this.shared = shared;
        this.local = local;
    }

    @Override
    public Optional<Duration> tryAcquire(String key) {
        try {
            return shared.tryAcquire(key);
        } catch (StoreUnavailable e) {
            return local.tryAcquire(key);
        }
    }
}
