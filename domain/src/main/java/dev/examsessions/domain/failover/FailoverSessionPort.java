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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Sends every call to the primary store while it answers and to the fallback while it does not; a
 * {@link Reconnector} brings the primary back and the mode's {@link OutageRecovery} brings it up to date.
 */
public final class FailoverSessionPort implements SessionPort {
    private static final System.Logger LOG = System.getLogger("SessionManager");
    /**
     * Tries of a write while the primary is busy ({@link SessionStoreBusy}) before it is handled like an outage:
     * each try already waited for a free connection, and a write must land somewhere (it may follow a commit).
     */
    static final int BUSY_WRITE_TRIES = 3;

    private final SessionPort primary;
    private final SessionPort fallback;
    private final FallbackMode mode;
    private final String primaryName;
    private final OutageRecovery recovery;
    private final Reconnector reconnector;
    private final ExamEvents events;
    private final AtomicBoolean onFallback = new AtomicBoolean(false);

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
        this.recovery = OutageRecovery.of(mode, fallback, clock, events);
        this.reconnector = new Reconnector(primaryName, backoff, clock, this::tryReconnect);
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
        return onFallback.get() ? recovery.stateWhileAway() : SessionStoreState.UP;
    }

    /**
     * One reconnection attempt: when the primary answers, calls go back to it and the mode's recovery brings it
     * up to date (in {@code memory} mode, the sessions held in memory are copied into it). Returns whether it is back.
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
        reconnector.reset();
        String caughtUp = recovery.catchUp(primary, this::switchToFallback);
        if (onFallback.get()) {
            // the primary failed again while it was being brought up to date
            return false;
        }
        // the state now, not UP: a call failing meanwhile has already switched back (and reported it)
        events.sessionStoreStateChanged(state());
        LOG.log(System.Logger.Level.INFO, "[SessionManager] " + primaryName + " connected successfully ("
                + caughtUp + ")");
        return true;
    }

    private void switchToFallback(StoreUnavailable cause) {
        if (!onFallback.compareAndSet(false, true)) {
            return;
        }
        events.sessionStoreStateChanged(state());
        LOG.log(System.Logger.Level.WARNING, "[SessionManager] " + primaryName + " connection failed, "
                + recovery.fallingBackTo() + (cause == null ? "" : ": " + cause.getMessage()));
        reconnector.retryInBackground();
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
            reconnector.probeIfDue();
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
            recovery.wroteToFallback(written, versionOf.applyAsLong(result));
            if (!onFallback.get()) {
                // the primary came back while this write went to the fallback: the reconnection may have missed it
                recovery.wroteToFallbackWhileReturning(primary, this::switchToFallback);
            }
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
            reconnector.probeIfDue();
        } else if (recovery.pingsBeforeEachRequest() && !primary.ping()) {
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
        reconnector.close();
        primary.close();
        fallback.close();
    }
}
