package dev.examsessions.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A rule or lookup refused a request; carries a stable code, a message for the client and extra fields. */
public class ExamException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> fields;

    public ExamException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ExamException(ErrorCode code, String message, Map<String, Object> fields) {
        this(code, message, fields, null);
    }

    public ExamException(ErrorCode code, String message, Map<String, Object> fields, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra problem fields such as {@code pauseUntil} or {@code deadline}. */
    public Map<String, Object> fields() {
        return fields;
    }

    public static ExamException sessionNotFound() {
        return new ExamException(ErrorCode.SESSION_NOT_FOUND, "No exam session with this id.");
    }
}
