package dev.examsessions.domain.error;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A rule or lookup refused a request; carries a stable code, a message for the client, extra fields and a retry hint. */
public class ExamException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> fields;
    private final Duration retryAfter;

    public ExamException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ExamException(ErrorCode code, String message, Map<String, Object> fields) {
        this(code, message, fields, null);
    }

    public ExamException(ErrorCode code, String message, Map<String, Object> fields, Throwable cause) {
        this(code, message, fields, null, cause);
    }

    public ExamException(ErrorCode code, String message, Map<String, Object> fields, Duration retryAfter,
                         Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra problem fields such as {@code pauseUntil} or {@code deadline}. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** How long the caller should wait before trying again, for refusals that pass (a full store, a rate limit). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static ExamException sessionNotFound() {
        return new ExamException(ErrorCode.SESSION_NOT_FOUND, "No exam session with this id.");
    }
}
