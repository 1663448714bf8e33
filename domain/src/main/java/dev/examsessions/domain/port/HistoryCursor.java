package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A position in a user's history: the last attempt of a page, by {@code (finishedAt, attemptId)}. History is
 * newest first, so the next page holds the attempts strictly below this position in that order.
 */
public record HistoryCursor(Instant finishedAt, long attemptId) {
    /** History order: newest finished first; attempts finished in the same instant by attempt id, highest first. */
    public static final Comparator<ExamSession> NEWEST_FIRST = Comparator
            .comparing((ExamSession s) -> s.result().finishedAt())
            .thenComparingLong(ExamSession::attemptId)
            .reversed();

    public HistoryCursor {
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** The position of a finished attempt. */
    public static HistoryCursor of(ExamSession finished) {
        if (finished.result() == null) {
            throw new IllegalArgumentException("attempt " + finished.sessionId() + " has no result");
        }
        return new HistoryCursor(finished.result().finishedAt(), finished.attemptId());
    }

    /** Whether a finished attempt comes after this position in history order (belongs to a later page). */
    public boolean precedes(ExamSession finished) {
        int byTime = finished.result().finishedAt().compareTo(finishedAt);
        return byTime < 0 || (byTime == 0 && finished.attemptId() < attemptId);
    }
}
