package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The hot copy of exams (the original SessionManager API, typed). A copy is only ever replaced by a higher
 * version; a stale marker ({@link #invalidate}) reads as missing. Any method may throw
 * {@link StoreUnavailable} when the store cannot answer.
 */
public interface SessionPort extends AutoCloseable {
    Duration DEFAULT_TTL = Duration.ofHours(6);
    /**
     * How long a finished copy or a stale marker stays: long enough to refuse every older write still in flight
     * (a request's copy write follows its commit within seconds), short because it only guards.
     */
    Duration GUARD_TTL = Duration.ofMinutes(15);

    /** Writes the session unconditionally with the given TTL. */
    void put(ExamSession session, Duration ttl);

    /** Empty when missing, expired, unreadable or a stale marker. */
    Optional<ExamSession> get(SessionId id);

    /**
     * Atomic read-modify-write keeping the remaining TTL. A change returning an equal state writes
     * nothing; otherwise the result is stored with {@code version + 1}. Never recreates a missing key.
     * A change that alters the exam's identity (ids, user, exam type, mode) is refused with an
     * {@link IllegalStateException} and nothing is written (see {@link ExamSession#changedBy}).
     */
    Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change);

    /**
     * Writes when the key is absent (fresh TTL {@code ttlIfAbsent}), holds a lower version (TTL kept), or holds a
     * stale marker at or below the session's version (fresh TTL). Returns whether it wrote.
     */
    boolean putIfNewer(ExamSession session, Duration ttlIfAbsent);

    /**
     * Writes a finished session under the same version rule as {@link #putIfNewer(ExamSession, Duration)},
     * with a TTL of exactly {@code ttl} (at most the store's default TTL): the copy answers reads of the finished
     * exam and refuses every older write still in flight until it expires. Returns whether it wrote.
     */
    boolean putFinished(ExamSession finished, Duration ttl);

    /**
     * Marks every copy below {@code version} stale, atomically: the key then reads as missing (the next read
     * rebuilds it from the attempt) and only {@code version} or higher may be written over it; the marker lives
     * {@code ttl} (at most the store's default TTL). A copy or marker already at {@code version} or higher is left alone. Returns whether it wrote.
     * Unlike {@link #delete}, it leaves no hole an older write could fill.
     */
    boolean invalidate(SessionId id, long version, Duration ttl);

    /** {@link #putIfNewer(ExamSession, Duration)} with the store's default TTL. */
    boolean putIfNewer(ExamSession session);

    /** Removes the key: a write of any version may then recreate it (the service uses {@link #invalidate}). */
    boolean delete(SessionId id);

    /** Sets the remaining TTL of an in-progress copy to {@code ttl} from now; false when it is gone, stale or finished. */
    boolean extend(SessionId id, Duration ttl);

    Optional<Instant> expiresAt(SessionId id);

    /** {@link #get} with the copy's expiry (null when unknown), in one round trip where the store allows. */
    default Optional<StoredSession> getWithExpiry(SessionId id) {
        return get(id).map(s -> new StoredSession(s, expiresAt(id).orElse(null)));
    }

    SessionStoreStats stats();

    /** Cheap liveness probe; false (not an exception) when the store cannot answer. */
    default boolean ping() {
        return true;
    }

    /**
     * Throws {@link StoreUnavailable} when the service must refuse requests rather than work
     * around this store (fallback mode {@code fail} while the primary store is down).
     */
    default void requireServing() {
    }

    /** The sessions this store holds with their expiry, for stores small enough to list (memory). */
    default List<StoredSession> entries() {
        return List.of();
    }

    @Override
    default void close() {
    }

    /** A session with the instant its copy expires. */
    record StoredSession(ExamSession session, Instant expiresAt) {
    }
}
