package dev.examsessions.domain.port;

import java.time.Duration;
import java.util.Optional;

/** Counts events per key in a window; answers how long to wait when the limit is reached. */
public interface RateLimiter {
    /** Empty when the event is allowed (and counted), otherwise the time until it would be. */
    Optional<Duration> tryAcquire(String key);

    static RateLimiter unlimited() {
        return key -> Optional.empty();
    }
}
