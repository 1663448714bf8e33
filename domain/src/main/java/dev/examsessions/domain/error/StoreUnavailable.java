package dev.examsessions.domain.error;

import java.time.Duration;
import java.util.Map;

/** A store (session copy or attempt record) cannot answer right now; nothing was changed. */
public class StoreUnavailable extends ExamException {
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);

    public StoreUnavailable(String message, Throwable cause) {
        this(message, DEFAULT_RETRY, cause);
    }

    public StoreUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(ErrorCode.STORE_UNAVAILABLE, message, Map.of(), retryAfter, cause);
    }
}
