package dev.examsessions.domain.error;

/** Stable codes of the exam's refusals; the web layer answers each with its status (its own refusals have their codes). */
public enum ErrorCode {
    SESSION_NOT_FOUND,
    QUESTION_NOT_FOUND,
    EXAM_PAUSED,
    TIME_EXPIRED,
    SECTION_LOCKED,
    CHECKPOINT_NOT_REACHED,
    CHECKPOINT_CONSUMED,
    EXAM_FINISHED,
    NOT_FINISHED,
    VERSION_MISMATCH,
    UNKNOWN_EXAM_TYPE,
    INVALID_MODE,
    INVALID_CHOICE,
    INVALID_CHECKPOINT,
    INVALID_QUESTION_COUNT,
    INVALID_EXTENSION,
    INVALID_RANGE,
    NOT_ENOUGH_QUESTIONS,
    RATE_LIMITED,
    STORE_UNAVAILABLE
}
