package dev.examsessions.domain;

import java.time.Duration;
import java.util.Map;

/** A store (session copy or attempt record) cannot answer right now; nothing was changed. */
public class SessionStoreUnavailable extends ExamException {
    private final Duration retryAfter;

    public SessionStoreUnavailable(String message, Throwable cause) {
        this(message, Duration.ofSeconds(5), cause);
    }

    public SessionStoreUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(ErrorCode.STORE_UNAVAILABLE, message, Map.of("retryAfterSeconds", retryAfter.toSeconds()), cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
