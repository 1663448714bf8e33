package dev.examsessions.domain.failover;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A session store that keeps nothing, so every read is rebuilt from the attempt record (fallback {@code database}). */
public final class NoCopySessionPort implements SessionPort {

    @Override
    public void put(ExamSession session, Duration ttl) {
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        return Optional.empty();
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        return Optional.empty();
    }

    @Override
    public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        return false;
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        return false;
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        return false;
    }

    @Override
    public boolean invalidate(SessionId id, long version, Duration ttl) {
        return false;
    }

    @Override
    public boolean delete(SessionId id) {
        return false;
    }

    @Override
    public boolean extend(SessionId id, Duration ttl) {
        return false;
    }

    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        return Optional.empty();
    }

    @Override
    public SessionStoreStats stats() {
        return new SessionStoreStats("database", true, 0, Map.of());
    }
}
