package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreState;
import dev.examsessions.domain.port.SessionStoreStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Sends every call to the primary store while it answers and to the fallback while it does not;
 * reconnects in the background with capped exponential backoff and jitter, and on demand.
 */
public final class FailoverSessionPort implements SessionPort {
    private static final System.Logger LOG = System.getLogger("SessionManager");
    /** While on the fallback, a request probes the primary at most this often (besides the backoff loop). */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    static final int MAX_TRACKED_CHANGES = 100_000;
    /**
     * Tries of a write while the primary is busy ({@link SessionStoreBusy}) before it is handled like an outage:
     * each try already waited for a free connection, and a write must land somewhere (it may follow a commit).
     */
    static final int BUSY_WRITE_TRIES = 3;

    private final SessionPort primary;
    private final SessionPort fallback;
    private final FallbackMode mode;
    private final String primaryName;
    private final Backoff backoff;
    private final Clock clock;
    private final AtomicBoolean onFallback = new AtomicBoolean(false);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean reconnectPending = new AtomicBoolean(false);
    /** When a request last probed the primary, on the injected clock; null: never. */
    private final AtomicReference<Instant> lastProbe = new AtomicReference<>();
    /** Sessions written on the fallback while the primary was away, with the highest version written (0: unknown). */
    private final Map<SessionId, Long> changedWhileAway = new ConcurrentHashMap<>();
    private final AtomicBoolean trackingOverflowed = new AtomicBoolean(false);
    private final ScheduledExecutorService reconnector;
    private final ExamEvents events;

    public FailoverSessionPort(SessionPort primary, SessionPort fallback, FallbackMode mode, String primaryName,
                               Backoff backoff, Clock clock) {
        this(primary, fallback, mode, primaryName, backoff, clock, ExamEvents.NONE);
    }

    /** As above, reporting state changes, primary failures and dropped stale copies to {@code events}. */
    public FailoverSessionPort(SessionPort primary, SessionPort fallback, FallbackMode mode, String primaryName,
                               Backoff backoff, Clock clock, ExamEvents events) {
        this.events = events;
        this.primary = primary;
        this.fallback = fallback;
        this.mode = mode;
        this.primaryName = primaryName;
        this.backoff = backoff;
        this.clock = clock;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-store-reconnect");
            t.setDaemon(true);
            return t;
        });
    }

    /** Probes the primary once; logs the seed's start line, or falls back at once. */
    public FailoverSessionPort start() {
        if (primary.ping()) {
            LOG.log(System.Logger.Level.INFO, "[SessionManager] " + primaryName + " connected successfully");
        } else {
            switchToFallback(null);
        }
        return this;
    }

    public boolean isOnFallback() {
        return onFallback.get();
    }

    public FallbackMode mode() {
        return mode;
    }

    /** Where calls go now. */
    public SessionStoreState state() {
        return !onFallback.get() ? SessionStoreState.UP
                : mode == FallbackMode.FAIL ? SessionStoreState.REFUSING : SessionStoreState.FALLBACK;
    }

    /**
     * One reconnection attempt: when the primary answers, calls go back to it and (in {@code memory} mode)
     * the sessions held in memory are copied into it with their remaining TTL. Returns whether it is back.
     */
    public synchronized boolean tryReconnect() {
        if (!onFallback.get()) {
            return true;
        }
        LOG.log(System.Logger.Level.INFO, "[SessionManager] " + primaryName + " reconnecting...");
        if (!primary.ping()) {
            return false;
        }
        onFallback.set(false);
        attempts.set(0);
        int copied = copyBack();
        int invalidated = invalidateChangedWhileAway();
        if (invalidated > 0) {
            events.staleCopiesDropped(invalidated);
        }
        if (onFallback.get()) {
            // the primary failed again while it was being brought up to date
            return false;
        }
        // the state now, not UP: a call failing meanwhile has already switched back (and reported it)
        events.sessionStoreStateChanged(state());
        LOG.log(System.Logger.Level.INFO, "[SessionManager] " + primaryName + " connected successfully"
                + (mode == FallbackMode.MEMORY ? " (" + copied + " sessions copied from memory)"
                : " (" + invalidated + " copies changed meanwhile marked stale, to be rebuilt)"));
        return true;
    }

    /**
     * Sessions changed while the primary was away may have an older copy there (another instance may have
     * rebuilt it meanwhile): mark those copies stale up to the version written here, so the next read rebuilds
     * them from the attempt record and no older write still in flight can put them back.
     */
    private int invalidateChangedWhileAway() {
        if (trackingOverflowed.getAndSet(false)) {
            LOG.log(System.Logger.Level.WARNING, "[SessionManager] more than " + MAX_TRACKED_CHANGES
                    + " sessions changed during the outage; some copies may be stale until they are next written");
        }
        int marked = 0;
        for (Map.Entry<SessionId, Long> change : changedWhileAway.entrySet()) {
            SessionId id = change.getKey();
            long version = change.getValue();
            try {
                if (version > 0) {
                    primary.invalidate(id, version, GUARD_TTL);
                } else {
                    primary.delete(id); // a change of unknown version (raw delete or update): nothing finer to do
                }
                changedWhileAway.remove(id, version);
                marked++;
            } catch (StoreUnavailable e) {
                switchToFallback(e);
                break;
            }
        }
        return marked;
    }

    private void trackChange(SessionId id, long version) {
        if (mode == FallbackMode.MEMORY) {
            return; // the memory fallback holds the newer copy itself and copies it back
        }
        if (changedWhileAway.size() < MAX_TRACKED_CHANGES || changedWhileAway.containsKey(id)) {
            changedWhileAway.merge(id, version, Math::max);
        } else {
            trackingOverflowed.set(true);
        }
        if (!onFallback.get()) {
            // the primary came back while this write went to the fallback: the reconnection may have missed it
            invalidateChangedWhileAway();
        }
    }

    /** While on the fallback, lets one request every {@link #PROBE_INTERVAL} try the primary again. */
    private void maybeProbe() {
        Instant now = clock.instant();
        Instant last = lastProbe.get();
        if (probeDue(last, now) && lastProbe.compareAndSet(last, now)) {
            try {
                tryReconnect();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "probe of " + primaryName + " failed: " + e);
            }
        }
    }

    private static boolean probeDue(Instant last, Instant now) {
        if (last == null) {
            return true;
        }
        Duration since = Duration.between(last, now);
        // a clock set back must not hold probes off until it catches up again
        return since.isNegative() || since.compareTo(PROBE_INTERVAL) >= 0;
    }

    private int copyBack() {
        int copied = 0;
        Instant now = clock.instant();
        for (StoredSession entry : fallback.entries()) {
            Duration left = Duration.between(now, entry.expiresAt());
            if (left.isNegative() || left.isZero()) {
                continue;
            }
            try {
                if (entry.session().status().isFinished()) {
                    primary.putFinished(entry.session(), left);
                } else {
                    primary.putIfNewer(entry.session(), left);
                }
                fallback.delete(entry.session().sessionId());
                copied++;
            } catch (StoreUnavailable e) {
                switchToFallback(e);
                break;
            }
        }
        return copied;
    }

    private void switchToFallback(RuntimeException cause) {
        if (!onFallback.compareAndSet(false, true)) {
            return;
        }
        String target = switch (mode) {
            case MEMORY -> "falling back to in-memory storage";
            case DATABASE -> "falling back to the attempt record (database)";
            case FAIL -> "refusing requests (STORE_UNAVAILABLE) until it is back";
        };
        events.sessionStoreStateChanged(state());
        LOG.log(System.Logger.Level.WARNING, "[SessionManager] " + primaryName + " connection failed, " + target
                + (cause == null ? "" : ": " + cause.getMessage()));
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        // at most one reconnect attempt is pending, however many paths ask for one
        if (reconnector.isShutdown() || !reconnectPending.compareAndSet(false, true)) {
            return;
        }
        Duration wait = backoff.delay(attempts.getAndIncrement(), ThreadLocalRandom.current());
        try {
            reconnector.schedule(() -> {
                reconnectPending.set(false);
                try {
                    if (!tryReconnect()) {
                        scheduleReconnect();
                    }
                } catch (RuntimeException e) {
                    scheduleReconnect();
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
            reconnectPending.set(false);
        }
    }

    /** Runs {@code op} on the primary, or on the fallback. */
    private <T> T call(Function<SessionPort, T> op) {
        return write(null, r -> 0, op);
    }

    /**
     * Runs {@code op} on the primary, or on the fallback; a write to session {@code written} (not null) there is
     * tracked with the version {@code versionOf} its result reports.
     */
    private <T> T write(SessionId written, ToLongFunction<T> versionOf, Function<SessionPort, T> op) {
        if (onFallback.get()) {
            maybeProbe();
        }
        if (!onFallback.get()) {
            try {
                return onPrimary(written != null, op);
            } catch (SessionStoreBusy e) {
                throw e; // load, not an outage: this call fails, the instance stays on the primary
            } catch (StoreUnavailable e) {
                events.sessionStoreError();
                switchToFallback(e);
            }
        }
        T result = op.apply(fallback);
        if (written != null) {
            trackChange(written, versionOf.applyAsLong(result));
        }
        return result;
    }

    /**
     * Runs {@code op} on the primary. A busy primary (every connection in use: load, not an outage) fails a read
     * at once with {@link SessionStoreBusy}, which the caller answers without leaving the primary; a write is
     * tried again (nothing was sent) and, still busy after {@link #BUSY_WRITE_TRIES}, handled like an outage so
     * that the change is kept by the fallback and the primary's copy is marked stale when it is reachable again.
     */
    private <T> T onPrimary(boolean isWrite, Function<SessionPort, T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                return op.apply(primary);
            } catch (SessionStoreBusy e) {
                if (!isWrite) {
                    throw e;
                }
                if (attempt >= BUSY_WRITE_TRIES) {
                    throw new StoreUnavailable(primaryName + " stayed busy for " + attempt + " tries of a write: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void requireServing() {
        if (onFallback.get()) {
            maybeProbe();
        } else if (mode == FallbackMode.FAIL && !primary.ping()) {
            // Strict mode: find the outage before anything is committed, so a refused request changed nothing.
            switchToFallback(null);
        }
        if (onFallback.get()) {
            fallback.requireServing();
        }
    }

    @Override
    public void put(ExamSession session, Duration ttl) {
        write(session.sessionId(), r -> session.version(), p -> {
            p.put(session, ttl);
            return null;
        });
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        return call(p -> p.get(id));
    }

    @Override
    public Optional<StoredSession> getWithExpiry(SessionId id) {
        return call(p -> p.getWithExpiry(id));
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        return write(id, r -> r.map(ExamSession::version).orElse(0L), p -> p.update(id, change));
    }

    @Override
    public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        return write(session.sessionId(), r -> session.version(), p -> p.putIfNewer(session, ttlIfAbsent));
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        return write(session.sessionId(), r -> session.version(), p -> p.putIfNewer(session));
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        return write(finished.sessionId(), r -> finished.version(), p -> p.putFinished(finished, ttl));
    }

    @Override
    public boolean invalidate(SessionId id, long version, Duration ttl) {
        return write(id, r -> version, p -> p.invalidate(id, version, ttl));
    }

    @Override
    public boolean delete(SessionId id) {
        return write(id, r -> 0, p -> p.delete(id));
    }

    @Override
    public boolean extend(SessionId id, Duration ttl) {
        // changes no content: a copy left on the primary is as fresh as before
        return call(p -> p.extend(id, ttl));
    }

    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        return call(p -> p.expiresAt(id));
    }

    @Override
    public boolean ping() {
        return !onFallback.get();
    }

    @Override
    public SessionStoreStats stats() {
        if (!onFallback.get()) {
            try {
                SessionStoreStats s = primary.stats();
                Map<String, Object> details = new LinkedHashMap<>(s.details());
                details.put("fallback", mode.wireName());
                details.put("onFallback", false);
                return new SessionStoreStats(s.backend(), s.available(), s.sessionCount(), details);
            } catch (StoreUnavailable e) {
                switchToFallback(e);
            }
        }
        SessionStoreStats f = fallback.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fallback", mode.wireName());
        details.put("onFallback", true);
        details.put("servingFrom", f.backend());
        return new SessionStoreStats(primaryName.toLowerCase(java.util.Locale.ROOT), false, f.sessionCount(), details);
    }

    @Override
    public void close() {
        reconnector.shutdownNow();
        primary.close();
        fallback.close();
    }
}
