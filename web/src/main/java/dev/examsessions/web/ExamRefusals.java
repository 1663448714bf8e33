package dev.examsessions.web;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP status and title of each exam refusal (the domain's {@link ErrorCode}), as API.md's error table says. */
final class ExamRefusals {
    private static final long DEFAULT_RETRY_SECONDS = 5;

    private ExamRefusals() {
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case SESSION_NOT_FOUND, QUESTION_NOT_FOUND -> 404;
            case EXAM_PAUSED, TIME_EXPIRED, SECTION_LOCKED, CHECKPOINT_NOT_REACHED, CHECKPOINT_CONSUMED,
                    EXAM_FINISHED, NOT_FINISHED -> 409;
            case VERSION_MISMATCH -> 412;
            case UNKNOWN_EXAM_TYPE, INVALID_MODE, INVALID_CHOICE, INVALID_CHECKPOINT, INVALID_QUESTION_COUNT,
                    INVALID_EXTENSION, INVALID_RANGE, NOT_ENOUGH_QUESTIONS -> 422;
            case RATE_LIMITED -> 429;
            case STORE_UNAVAILABLE -> 503;
        };
    }

    static String title(ErrorCode code) {
        return switch (code) {
            case SESSION_NOT_FOUND -> "Exam session not found";
            case QUESTION_NOT_FOUND -> "Question not found";
            case EXAM_PAUSED -> "Exam is paused";
            case TIME_EXPIRED -> "Time is up";
            case SECTION_LOCKED -> "Section is locked";
            case CHECKPOINT_NOT_REACHED -> "Checkpoint not reached";
            case CHECKPOINT_CONSUMED -> "Break already taken";
            case EXAM_FINISHED -> "Exam is finished";
            case NOT_FINISHED -> "Exam is not finished";
            case VERSION_MISMATCH -> "Version mismatch";
            case UNKNOWN_EXAM_TYPE -> "Unknown exam type";
            case INVALID_MODE -> "Invalid mode";
            case INVALID_CHOICE -> "Invalid choice";
            case INVALID_CHECKPOINT -> "Invalid checkpoint";
            case INVALID_QUESTION_COUNT -> "Invalid question count";
            case INVALID_EXTENSION -> "Invalid extension";
            case INVALID_RANGE -> "Invalid range";
            case NOT_ENOUGH_QUESTIONS -> "Not enough questions";
            case RATE_LIMITED -> "Too many new exams";
            case STORE_UNAVAILABLE -> "Service temporarily unavailable";
        };
    }

    /** Whole seconds to wait, at least 1, for a refusal that passes; the body and the Retry-After header both say it. */
    static Long retryAfterSeconds(ExamException e) {
        if (e.code() != ErrorCode.STORE_UNAVAILABLE && e.code() != ErrorCode.RATE_LIMITED) {
            return null;
        }
        return e.retryAfter().map(wait -> Math.max(1, wait.toSeconds())).orElse(DEFAULT_RETRY_SECONDS);
    }

    static Problem problem(ExamException e) {
        Map<String, Object> fields = new LinkedHashMap<>(e.fields());
        Long retry = retryAfterSeconds(e);
        if (retry != null) {
            fields.put("retryAfterSeconds", retry);
        }
        return new Problem(status(e.code()), title(e.code()), e.code().name(), e.getMessage(), fields);
    }
}
