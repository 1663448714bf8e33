package dev.examsessions.adapter.memory;

import dev.examsessions.domain.AttemptRepository;
import dev.examsessions.domain.ExamSession;
import dev.examsessions.domain.ExamStatus;
import dev.examsessions.domain.HistoryCursor;
import dev.examsessions.domain.HistoryPage;
import dev.examsessions.domain.OpenAttemptExists;
import dev.examsessions.domain.SessionId;
import dev.examsessions.domain.StoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The attempt record in this process's memory (development, single instance): every change runs under the
 * attempt's own lock; finished attempts are kept for the life of the process.
 */
public final class InMemoryAttemptRepository implements AttemptRepository {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryAttemptRepository.class);
    private static final Comparator<ExamSession> NEWEST_STARTED_FIRST = Comparator
            .comparing(ExamSession::startedAt).thenComparingLong(ExamSession::attemptId).reversed();

    private final ConcurrentHashMap<SessionId, ExamSession> attempts = new ConcurrentHashMap<>();
    /**
     * user|type|mode → session id of the open attempt. A hint kept in step with {@link #attempts}: an entry
     * whose attempt is finished counts as free, so it may be cleared after the change that finished it.
     */
    private final ConcurrentHashMap<String, SessionId> openIndex = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<SessionId>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong attemptIds = new AtomicLong();

    private InMemoryAttemptRepository() {
    }

    public static InMemoryAttemptRepository create() {
        return new InMemoryAttemptRepository();
    }

    @Override
    public ExamSession create(ExamSession session) {
        Objects.requireNonNull(session, "session");
        ExamSession stored = session.withAttemptId(attemptIds.incrementAndGet());
        if (!insert(stored)) {
            throw new IllegalStateException("an attempt with session id " + session.sessionId() + " already exists");
        }
        return stored;
    }

    @Override
    public boolean restore(ExamSession session) {
        Objects.requireNonNull(session, "session");
        if (attempts.containsKey(session.sessionId())) {
            return false;
        }
        ExamSession stored = session.attemptId() > 0 ? session : session.withAttemptId(attemptIds.incrementAndGet());
        attemptIds.accumulateAndGet(stored.attemptId(), Math::max);
        return insert(stored);
    }

    /** Stores a new attempt unless its session id exists; throws when it would be a second open attempt. */
    private boolean insert(ExamSession stored) {
        boolean[] inserted = {false};
        // listed under its user before it becomes visible, so a listing never misses a stored attempt
        Set<SessionId> ofUser = byUser.computeIfAbsent(stored.userId(), u -> ConcurrentHashMap.newKeySet());
        boolean listed = ofUser.add(stored.sessionId());
        try {
            if (stored.status() == ExamStatus.IN_PROGRESS) {
                // lock order: openIndex bin, then attempts bin (never the other way round)
                openIndex.compute(openKey(stored), (key, current) -> {
                    if (current != null && isOpen(current)) {
                        if (current.equals(stored.sessionId())) {
                            return current;
                        }
                        throw new OpenAttemptExists(current);
                    }
                    inserted[0] = attempts.putIfAbsent(stored.sessionId(), stored) == null;
                    return inserted[0] ? stored.sessionId() : current;
                });
            } else {
                inserted[0] = attempts.putIfAbsent(stored.sessionId(), stored) == null;
            }
        } finally {
            if (listed && !inserted[0]) {
                ofUser.remove(stored.sessionId());
            }
        }
        return inserted[0];
    }

    @Override
    public Optional<ExamSession> find(SessionId id) {
        return Optional.ofNullable(attempts.get(id));
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(change, "change");
        AtomicReference<ExamSession> result = new AtomicReference<>();
        attempts.computeIfPresent(id, (key, current) -> {
            ExamSession next = current.changedBy(change);
            result.set(next);
            return next;
        });
        afterChange(result.get());
        return Optional.ofNullable(result.get());
    }

    @Override
    public List<ExamSession> openAttempts(long userId) {
        return ofUser(userId).stream().filter(s -> s.status() == ExamStatus.IN_PROGRESS)
                .sorted(NEWEST_STARTED_FIRST).toList();
    }

    @Override
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        return HistoryPage.of(ofUser(userId).stream()
                .filter(s -> s.status().isFinished() && s.result() != null)
                .filter(s -> after == null || after.precedes(s))
                .sorted(HistoryCursor.NEWEST_FIRST)
                .limit(limit + 1L)
                .toList(), limit);
    }

    @Override
    public List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
        Objects.requireNonNull(finalize, "finalize");
        List<ExamSession> candidates = attempts.values().stream().filter(s -> s.isOverdue(now))
                .sorted(Comparator.comparing(ExamSession::deadline)).toList();
        List<ExamSession> claimed = new ArrayList<>();
        for (ExamSession candidate : candidates) {
            if (claimed.size() >= limit) {
                break;
            }
            AtomicReference<ExamSession> finalized = new AtomicReference<>();
            try {
                attempts.computeIfPresent(candidate.sessionId(), (key, current) -> {
                    if (!current.isOverdue(now)) {
                        return current; // another claimer (or a request) got there first
                    }
                    ExamSession next = current.changedBy(finalize);
                    if (next != current) {
                        finalized.set(next);
                    }
                    return next;
                });
            } catch (RuntimeException e) {
                LOG.warn("Could not finalize overdue attempt {}: {}", candidate.sessionId(), e.toString());
                continue;
            }
            if (finalized.get() != null) {
                afterChange(finalized.get());
                claimed.add(finalized.get());
            }
        }
        return claimed;
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth("memory", true);
    }

    /** Frees the open-attempt slot of an attempt that just finished (outside the attempt's lock). */
    private void afterChange(ExamSession changed) {
        if (changed != null && changed.status().isFinished()) {
            openIndex.remove(openKey(changed), changed.sessionId());
        }
    }

    private boolean isOpen(SessionId id) {
        ExamSession s = attempts.get(id);
        return s != null && s.status() == ExamStatus.IN_PROGRESS;
    }

    private List<ExamSession> ofUser(long userId) {
        Set<SessionId> ids = byUser.getOrDefault(userId, Set.of());
        List<ExamSession> out = new ArrayList<>(ids.size());
        for (SessionId id : ids) {
            ExamSession s = attempts.get(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static String openKey(ExamSession s) {
        return s.userId() + "|" + s.examType() + "|" + s.mode().name();
    }
}
