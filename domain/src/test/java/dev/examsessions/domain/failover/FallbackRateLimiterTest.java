package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.port.RateLimiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FallbackRateLimiterTest {
    @Test
    void theSharedLimiterDecidesWhileItAnswersAndTheLocalOneOtherwise() {
        AtomicBoolean down = new AtomicBoolean(false);
        RateLimiter shared = key -> {
            if (down.get()) {
                throw new StoreUnavailable("down", null);
            }
            return Optional.of(Duration.ofSeconds(7));
        };
        RateLimiter local = key -> Optional.empty();
        RateLimiter limiter = new FallbackRateLimiter(shared, local);

        assertEquals(Optional.of(Duration.ofSeconds(7)), limiter.tryAcquire("u"));
        down.set(true);
        assertEquals(Optional.empty(), limiter.tryAcquire("u"));
    }
}
