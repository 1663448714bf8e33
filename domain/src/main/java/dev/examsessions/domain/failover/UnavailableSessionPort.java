package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A session store that refuses everything (fallback {@code fail}): every call is refused with STORE_UNAVAILABLE until the primary returns. */
public final class UnavailableSessionPort implements SessionPort {

    private static StoreUnavailable refused() {
        return new StoreUnavailable("The session store is unavailable; try again shortly.", null);
    }

    @Override
    public void requireServing() {
        throw refused();
    }

    @Override
    public void put(ExamSession session, Duration ttl) {
        throw refused();
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        throw refused();
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        throw refused();
    }

    @Override
    public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        throw refused();
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        throw refused();
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        throw refused();
    }

    @Override
    public boolean invalidate(SessionId id, long version, Duration ttl) {
        throw refused();
    }

    @Override
    public boolean delete(SessionId id) {
        throw refused();
    }

    @Override
    public boolean extend(SessionId id, Duration ttl) {
        throw refused();
    }

    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        throw refused();
    }

    @Override
    public SessionStoreStats stats() {
        return new SessionStoreStats("none", false, 0, Map.of());
    }
}
