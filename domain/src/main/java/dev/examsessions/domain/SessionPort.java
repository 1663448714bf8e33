package dev.examsessions.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The hot copy of in-progress exams (the original SessionManager API, typed). Any method may throw
 * {@link SessionStoreUnavailable} when the store cannot answer.
 */
public interface SessionPort extends AutoCloseable {
    Duration DEFAULT_TTL = Duration.ofHours(6);

    /** {@code s-} + at least 128 bits from {@code SecureRandom}, URL-safe. */
    SessionId newId();

    /** Writes the session unconditionally with the given TTL. */
    void put(ExamSession session, Duration ttl);

    /** Empty when missing, expired or unreadable. */
    Optional<ExamSession> get(SessionId id);

    /**
     * Atomic read-modify-write keeping the remaining TTL. A change returning an equal state writes
     * nothing; otherwise the result is stored with {@code version + 1}. Never recreates a missing key.
     */
    Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change);

    /**
     * Writes when the key is absent (fresh TTL {@code ttlIfAbsent}) or holds a lower version (TTL kept).
     * Returns whether it wrote.
     */
    boolean putIfNewer(ExamSession session, Duration ttlIfAbsent);

    /** {@link #putIfNewer(ExamSession, Duration)} with the store's default TTL. */
    boolean putIfNewer(ExamSession session);

    boolean delete(SessionId id);

    /** Sets the remaining TTL to {@code ttl} from now; false when the session is gone. */
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
     * Throws {@link SessionStoreUnavailable} when the service must refuse requests rather than work
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
