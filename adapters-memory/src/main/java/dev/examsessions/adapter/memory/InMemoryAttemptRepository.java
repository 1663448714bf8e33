package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.StoreHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The attempt record in this process's memory (development, and one instance without PostgreSQL): every change
 * runs under the attempt's own lock. Bounded: finished attempts are kept for a retention period after they finished
 * (Caffeine expiry on the injected clock) and never more than a maximum count, the oldest finished going first;
 * open attempts stay until they finish.
 */
public final class InMemoryAttemptRepository implements AttemptRepository {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final long DEFAULT_MAX_FINISHED = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryAttemptRepository.class);
    private static final Comparator<ExamSession> NEWEST_STARTED_FIRST = Comparator
            .comparing(ExamSession::startedAt).thenComparingLong(ExamSession::attemptId).reversed();
    private static final Comparator<StoredAttempt> LEAST_RECENTLY_CHANGED_FIRST = Comparator
            .comparing(StoredAttempt::changedAt).thenComparingLong(s -> s.session().attemptId());

    private final RetainedAttempts retained;
    private final ConcurrentMap<SessionId, StoredAttempt> attempts;
    private final OpenAttemptIndex openIndex;
    private final AttemptsByUser byUser = new AttemptsByUser();
    private final AtomicLong attemptIds = new AtomicLong();
    private final Clock clock;

    private InMemoryAttemptRepository(Clock clock, Duration retention, long maxFinished) {
        this.retained = new RetainedAttempts(clock, retention, maxFinished, byUser::unlist);
        this.clock = clock;
        this.attempts = retained.map();
        this.openIndex = new OpenAttemptIndex(attempts);
    }

    /** Default retention ({@value #DEFAULT_MAX_FINISHED} finished attempts, 30 days) on the system clock. */
    public static InMemoryAttemptRepository create() {
        return create(Clock.systemUTC(), DEFAULT_RETENTION, DEFAULT_MAX_FINISHED);
    }

    /**
     * A record keeping each finished attempt for {@code retention} after it finished, and at most
     * {@code maxFinished} finished attempts (the oldest finished go first), on {@code clock}.
     */
    public static InMemoryAttemptRepository create(Clock clock, Duration retention, long maxFinished) {
        return new InMemoryAttemptRepository(clock, retention, maxFinished);
    }

    /**
     * Drops finished attempts past their retention and logs what this and the cap removed since the last call
     * (count and kind, in the style of the session cleanup). Returns how many were removed.
     */
    public int cleanUp() {
        return retained.cleanUp();
    }

    /** Finished attempts held now (those past their retention already dropped). */
    public long finishedCount() {
        return retained.finishedCount();
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
    private boolean insert(ExamSession session) {
        StoredAttempt stored = new StoredAttempt(session, clock.instant());
        boolean[] inserted = {false};
        // listed under its user before it becomes visible, so a listing never misses a stored attempt
        boolean listed = byUser.list(session);
        try {
            if (session.status() == ExamStatus.IN_PROGRESS) {
                inserted[0] = openIndex.insertOpen(stored);
            } else {
                inserted[0] = attempts.putIfAbsent(session.sessionId(), stored) == null;
                if (inserted[0]) {
                    retained.countFinished();
                }
            }
        } finally {
            if (listed && !inserted[0]) {
                byUser.unlist(session);
            }
        }
        if (inserted[0] && stored.isFinished()) {
            retained.enforceCap();
        }
        return inserted[0];
    }

    @Override
    public Optional<ExamSession> find(SessionId id) {
        return Optional.ofNullable(attempts.get(id)).map(StoredAttempt::session);
    }

    @Override
    public Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(change, "change");
        AtomicReference<Change> result = new AtomicReference<>();
        boolean[] finishedNow = {false};
        attempts.computeIfPresent(id, (key, current) -> {
            ExamSession next = current.session().changedBy(change);
            result.set(new Change(current.session(), next));
            if (next == current.session()) {
                return current;
            }
            finishedNow[0] = !current.isFinished() && next.status().isFinished();
            return new StoredAttempt(next, clock.instant());
        });
        if (finishedNow[0]) {
            afterFinish(result.get().after());
        }
        return Optional.ofNullable(result.get());
    }

    @Override
    public boolean replace(ExamSession before, ExamSession after) {
        AttemptRepository.requireSuccessor(before, after);
        boolean[] replaced = {false};
        boolean[] finishedNow = {false};
        attempts.computeIfPresent(before.sessionId(), (key, current) -> {
            if (current.session().version() != before.version()) {
                return current;
            }
            replaced[0] = true;
            finishedNow[0] = !current.isFinished() && after.status().isFinished();
            return new StoredAttempt(after, clock.instant());
        });
        if (finishedNow[0]) {
            afterFinish(after);
        }
        return replaced[0];
    }

    @Override
    public List<ExamSession> openAttempts(long userId) {
        return byUser.of(userId, attempts).stream().filter(s -> s.status() == ExamStatus.IN_PROGRESS)
                .sorted(NEWEST_STARTED_FIRST).toList();
    }

    @Override
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        return HistoryPage.of(byUser.of(userId, attempts).stream()
                .filter(s -> s.status().isFinished() && s.result() != null)
                .filter(s -> after == null || after.precedes(s))
                .sorted(HistoryCursor.NEWEST_FIRST)
                .limit(limit + 1L)
                .toList(), limit);
    }

    @Override
    public List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
        Objects.requireNonNull(finalize, "finalize");
        List<ExamSession> candidates = attempts.values().stream().map(StoredAttempt::session)
                .filter(s -> s.isOverdue(now))
                .sorted(Comparator.comparing(ExamSession::deadline)).toList();
        List<ExamSession> claimed = new ArrayList<>();
        for (ExamSession candidate : candidates) {
            if (claimed.size() >= limit) {
                break;
            }
            AtomicReference<ExamSession> finalized = new AtomicReference<>();
            try {
                attempts.computeIfPresent(candidate.sessionId(), (key, current) -> {
                    if (!current.session().isOverdue(now)) {
                        return current; // another claimer (or a request) got there first
                    }
                    ExamSession next = current.session().changedBy(finalize);
                    if (next == current.session()) {
                        return current;
                    }
                    finalized.set(next);
                    return new StoredAttempt(next, clock.instant());
                });
            } catch (RuntimeException e) {
                LOG.warn("Could not finalize overdue attempt {}: {}", candidate.sessionId(), e.toString());
                continue;
            }
            if (finalized.get() != null) {
                if (finalized.get().status().isFinished()) {
                    afterFinish(finalized.get());
                }
                claimed.add(finalized.get());
            }
        }
        return claimed;
    }

    @Override
    public List<ExamSession> idleUntimedAttempts(Instant idleSince, int limit) {
        Objects.requireNonNull(idleSince, "idleSince");
        return attempts.values().stream()
                .filter(s -> s.session().status() == ExamStatus.IN_PROGRESS && !s.session().isTimed())
                .filter(s -> !s.changedAt().isAfter(idleSince))
                .sorted(LEAST_RECENTLY_CHANGED_FIRST)
                .limit(Math.max(0, limit))
                .map(StoredAttempt::session)
                .toList();
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth("memory", true);
    }

    /** Counts a newly finished attempt, frees its open-attempt slot and keeps the cap (outside the attempt's lock). */
    private void afterFinish(ExamSession changed) {
        retained.countFinished();
        openIndex.release(changed);
        retained.enforceCap();
    }

    @Override
    public String toString() {
        return retained.toString();
    }
}
