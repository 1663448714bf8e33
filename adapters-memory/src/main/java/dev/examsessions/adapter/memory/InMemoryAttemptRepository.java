package dev.examsessions.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.SessionId;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Logger SESSION_MANAGER = LoggerFactory.getLogger("SessionManager");
    private static final Comparator<ExamSession> NEWEST_STARTED_FIRST = Comparator
            .comparing(ExamSession::startedAt).thenComparingLong(ExamSession::attemptId).reversed();
    private static final Comparator<Stored> LEAST_RECENTLY_CHANGED_FIRST = Comparator
            .comparing(Stored::changedAt).thenComparingLong(s -> s.session().attemptId());
    /** Caffeine's own ceiling for an expiry (about 146 years): an open attempt never expires. */
    private static final long NEVER = Long.MAX_VALUE >> 1;

    private final Cache<SessionId, Stored> cache;
    private final ConcurrentMap<SessionId, Stored> attempts;
    /**
     * user|type|mode → session id of the open attempt. A hint kept in step with {@link #attempts}: an entry
     * whose attempt is finished counts as free, so it may be cleared after the change that finished it.
     */
    private final ConcurrentHashMap<String, SessionId> openIndex = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<SessionId>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong attemptIds = new AtomicLong();
    private final Clock clock;
    private final Duration retention;
    private final long maxFinished;
    /** Evicting a little below the cap at once keeps the cap's scan off most finishes. */
    private final long capSlack;
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong expiredSinceCleanup = new AtomicLong();
    private final AtomicLong overCapSinceCleanup = new AtomicLong();
    private final Object capLock = new Object();

    /** An attempt and when it last changed (for the idle rule). */
    private record Stored(ExamSession session, Instant changedAt) {
        boolean isFinished() {
            return session.status().isFinished();
        }
    }

    private InMemoryAttemptRepository(Clock clock, Duration retention, long maxFinished) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive duration, not " + retention);
        }
        if (maxFinished < 1) {
            throw new IllegalArgumentException("maxFinished must be positive, not " + maxFinished);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = retention;
        this.maxFinished = maxFinished;
        this.capSlack = Math.max(1, maxFinished / 100);
        this.cache = Caffeine.newBuilder()
                .ticker(this::nowNanos)
                .expireAfter(new Expiry<SessionId, Stored>() {
                    @Override
                    public long expireAfterCreate(SessionId key, Stored value, long currentTime) {
                        return lifetime(value, currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(SessionId key, Stored value, long currentTime, long currentDuration) {
                        return lifetime(value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(SessionId key, Stored value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                // maintenance on the calling thread: evictions are counted by the time cleanUp() returns
                .executor(Runnable::run)
                .evictionListener((SessionId key, Stored value, RemovalCause cause) -> {
                    if (value != null) {
                        forget(value);
                        if (cause == RemovalCause.EXPIRED) {
                            expiredSinceCleanup.incrementAndGet();
                        }
                    }
                })
                .build();
        this.attempts = cache.asMap();
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
        cache.cleanUp();
        enforceCap();
        long expired = expiredSinceCleanup.getAndSet(0);
        long overCap = overCapSinceCleanup.getAndSet(0);
        if (expired > 0) {
            SESSION_MANAGER.info("[SessionManager] Cleaned up {} finished attempts older than {} from memory",
                    expired, describe(retention));
        }
        if (overCap > 0) {
            SESSION_MANAGER.info("[SessionManager] Cleaned up {} oldest finished attempts from memory"
                    + " (more than {} finished attempts)", overCap, maxFinished);
        }
        return (int) Math.min(Integer.MAX_VALUE, expired + overCap);
    }

    /** Finished attempts held now (those past their retention already dropped). */
    public long finishedCount() {
        cache.cleanUp();
        return finished.get();
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
        Stored stored = new Stored(session, clock.instant());
        boolean[] inserted = {false};
        // listed under its user before it becomes visible, so a listing never misses a stored attempt
        boolean listed = list(session);
        try {
            if (session.status() == ExamStatus.IN_PROGRESS) {
                // lock order: openIndex bin, then attempts bin (never the other way round)
                openIndex.compute(openKey(session), (key, current) -> {
                    if (current != null && isOpen(current)) {
                        if (current.equals(session.sessionId())) {
                            return current;
                        }
                        throw new OpenAttemptExists(current);
                    }
                    inserted[0] = attempts.putIfAbsent(session.sessionId(), stored) == null;
                    return inserted[0] ? session.sessionId() : current;
                });
            } else {
                inserted[0] = attempts.putIfAbsent(session.sessionId(), stored) == null;
                if (inserted[0]) {
                    finished.incrementAndGet();
                }
            }
        } finally {
            if (listed && !inserted[0]) {
                unlist(session);
            }
        }
        if (inserted[0] && stored.isFinished()) {
            enforceCap();
        }
        return inserted[0];
    }

    @Override
    public Optional<ExamSession> find(SessionId id) {
        return Optional.ofNullable(attempts.get(id)).map(Stored::session);
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
            return new Stored(next, clock.instant());
        });
        if (finishedNow[0]) {
            afterFinish(result.get().after());
        }
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
        List<ExamSession> candidates = attempts.values().stream().map(Stored::session).filter(s -> s.isOverdue(now))
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
                    return new Stored(next, clock.instant());
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
                .map(Stored::session)
                .toList();
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth("memory", true);
    }

    /** Counts a newly finished attempt, frees its open-attempt slot and keeps the cap (outside the attempt's lock). */
    private void afterFinish(ExamSession changed) {
        finished.incrementAndGet();
        openIndex.remove(openKey(changed), changed.sessionId());
        enforceCap();
    }

    /**
     * Removes the oldest finished attempts (by finishedAt, then attempt id) while more than the cap are held.
     * Not Caffeine's size bound: its admission policy may drop the newest entry at once, and the newest result is
     * the one its taker is about to read.
     */
    private void enforceCap() {
        if (finished.get() <= maxFinished) {
            return;
        }
        synchronized (capLock) {
            long excess = finished.get() - maxFinished;
            if (excess <= 0) {
                return;
            }
            List<Stored> oldest = attempts.values().stream().filter(Stored::isFinished)
                    .sorted(Comparator.comparing((Stored s) -> s.session().result().finishedAt())
                            .thenComparingLong(s -> s.session().attemptId()))
                    .limit(excess + capSlack)
                    .toList();
            for (Stored victim : oldest) {
                boolean[] removed = {false};
                attempts.computeIfPresent(victim.session().sessionId(), (key, current) -> {
                    removed[0] = current == victim;
                    return removed[0] ? null : current;
                });
                if (removed[0]) {
                    forget(victim);
                    overCapSinceCleanup.incrementAndGet();
                }
            }
        }
    }

    /** Bookkeeping for an attempt that left the record (retention or cap). */
    private void forget(Stored gone) {
        if (gone.isFinished()) {
            finished.decrementAndGet();
        }
        unlist(gone.session());
    }

    @Override
    public String toString() {
        return "finished attempts kept " + describe(retention) + " after they finished, at most " + maxFinished;
    }

    private boolean list(ExamSession session) {
        boolean[] added = {false};
        byUser.compute(session.userId(), (user, ids) -> {
            Set<SessionId> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            added[0] = set.add(session.sessionId());
            return set;
        });
        return added[0];
    }

    private void unlist(ExamSession session) {
        // atomic per user, so that a concurrent list() never adds to a set that is being dropped
        byUser.computeIfPresent(session.userId(), (user, ids) -> {
            ids.remove(session.sessionId());
            return ids.isEmpty() ? null : ids;
        });
    }

    private boolean isOpen(SessionId id) {
        Stored s = attempts.get(id);
        return s != null && s.session().status() == ExamStatus.IN_PROGRESS;
    }

    private List<ExamSession> ofUser(long userId) {
        Set<SessionId> ids = byUser.getOrDefault(userId, Set.of());
        List<ExamSession> out = new ArrayList<>(ids.size());
        for (SessionId id : ids) {
            Stored s = attempts.get(id);
            if (s != null) {
                out.add(s.session());
            }
        }
        return out;
    }

    /** Nanoseconds until a stored attempt leaves the record: finished ones {@code retention} after finishing. */
    private long lifetime(Stored stored, long nowNanos) {
        if (!stored.isFinished()) {
            return NEVER;
        }
        Instant until = stored.session().result().finishedAt().plus(retention);
        long untilNanos = epochNanos(until);
        return Math.max(0, Math.min(NEVER, untilNanos - nowNanos));
    }

    private long nowNanos() {
        return epochNanos(clock.instant());
    }

    private static long epochNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    private static String openKey(ExamSession s) {
        return s.userId() + "|" + s.examType() + "|" + s.mode().name();
    }

    /** A duration as the configuration writes it (30d, 12h, 90m, 45s, 500ms). */
    static String describe(Duration d) {
        if (d.toMillis() % 86_400_000L == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000L == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000L == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1_000L == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
