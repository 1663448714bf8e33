package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The durable record of every exam, the source of truth. Methods may throw {@link StoreUnavailable}
 * when the record cannot be reached; then nothing was changed.
 */
public interface AttemptRepository extends AutoCloseable {

    /**
     * Stores a new attempt and returns it with its attempt id assigned.
     *
     * @throws OpenAttemptExists when the user already has an open attempt of that exam type and mode
     */
    ExamSession create(ExamSession session);

    /** Stores an attempt exactly as given (its id included) unless one with its session id exists. */
    boolean restore(ExamSession session);

    Optional<ExamSession> find(SessionId id);

    /**
     * Runs {@code change} on the stored state under a per-attempt lock; a different result is stored
     * with {@code version + 1}, an equal one changes nothing. Exceptions from the change propagate and
     * leave the attempt untouched; so does the {@link IllegalStateException} refusing a change that alters
     * the exam's identity (ids, user, exam type, mode). Returns the state the change ran on and the state stored
     * after it; empty when there is no such attempt.
     */
    Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change);

    /**
     * Stores {@code after} if the stored attempt is still at {@code before}'s version (optimistic: no lock is held
     * while the change is computed), writing only what differs from {@code before}. False, with nothing written,
     * when the attempt is missing or has moved past {@code before}: then run the change with {@link #update}.
     *
     * @param before a state read earlier (from this record or from the session copy)
     * @param after  {@code before.changedBy(change)}: same exam, {@code before.version() + 1}
     * @throws IllegalArgumentException when {@code after} is not such a successor of {@code before}
     */
    boolean replace(ExamSession before, ExamSession after);

    /** In-progress attempts of a user, newest first. */
    List<ExamSession> openAttempts(long userId);

    /**
     * Up to {@code limit} finished attempts of a user in {@link HistoryCursor#NEWEST_FIRST} order, starting right
     * after {@code after} (from the newest when null). Paging with each page's {@code next} reaches every finished
     * attempt exactly once, also when several finished in the same instant.
     */
    HistoryPage history(long userId, HistoryCursor after, int limit);

    /**
     * Claims up to {@code limit} in-progress timed attempts whose deadline is at or before {@code now},
     * applies {@code finalize} to each and stores the result. With several callers at once each attempt
     * is claimed by exactly one of them. Returns the finalized states; an attempt {@code finalize} leaves
     * unchanged (the version aside) is not claimed: nothing stored, no version bump, not returned.
     */
    List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize);

    /**
     * Up to {@code limit} in-progress untimed (practice) attempts nobody has changed since {@code idleSince}, least
     * recently changed first: candidates for {@code ExamService.abandonIdle}. Only a record that must bound its
     * memory tracks this; the default finds none (a database keeps every attempt).
     */
    default List<ExamSession> idleUntimedAttempts(Instant idleSince, int limit) {
        return List.of();
    }

    /**
     * Checks the arguments of {@link #replace}: {@code after} is the same exam as {@code before} with version + 1 and a
     * different state, as {@link ExamSession#changedBy} makes it.
     *
     * @throws IllegalArgumentException when it is not
     */
    static void requireSuccessor(ExamSession before, ExamSession after) {
        if (!after.sessionId().equals(before.sessionId()) || after.attemptId() != before.attemptId()
                || after.userId() != before.userId() || !after.examType().equals(before.examType())
                || after.mode() != before.mode()) {
            throw new IllegalArgumentException("a replacement must be the same exam as " + before.sessionId());
        }
        if (after.version() != before.version() + 1 || after.sameStateAs(before)) {
            throw new IllegalArgumentException("a replacement must be a change with version " + (before.version() + 1)
                    + ", not version " + after.version() + (after.sameStateAs(before) ? " of the same state" : ""));
        }
    }

    /** Backend name and whether it answers now. */
    StoreHealth health();

    @Override
    default void close() {
    }
}
