package dev.examsessions.web.dto;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Instants and durations as the API writes them: epoch milliseconds, null when absent. */
final class Millis {
    private Millis() {
    }

    static Long of(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Long of(Optional<Duration> duration) {
        return duration.map(Duration::toMillis).orElse(null);
    }
}
