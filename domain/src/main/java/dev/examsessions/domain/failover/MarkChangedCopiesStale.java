package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fallback {@code database}: reads rebuild from the attempt record meanwhile; the sessions changed then are
 * remembered and their primary copies marked stale on its return.
 */
final class MarkChangedCopiesStale implements OutageRecovery {
    private static final System.Logger LOG = System.getLogger("SessionManager");
    static final int MAX_TRACKED_CHANGES = 100_000;

    /** Sessions written on the fallback while the primary was away, with the highest version written (0: unknown). */
    private final Map<SessionId, Long> changedWhileAway = new ConcurrentHashMap<>();
    private final AtomicBoolean trackingOverflowed = new AtomicBoolean(false);
    private final ExamEvents events;

    MarkChangedCopiesStale(ExamEvents events) {
        this.events = events;
    }

    /** What a catch-up marking {@code marked} copies reports. */
    static String summary(int marked) {
        return marked + " copies changed meanwhile marked stale, to be rebuilt";
    }

    @Override
    public SessionStoreState stateWhileAway() {
        return SessionStoreState.FALLBACK;
    }

    @Override
    public String fallingBackTo() {
        return "falling back to the attempt record (database)";
    }

    @Override
    public void wroteToFallback(SessionId id, long version) {
        if (changedWhileAway.size() < MAX_TRACKED_CHANGES || changedWhileAway.containsKey(id)) {
            changedWhileAway.merge(id, version, Math::max);
        } else {
            trackingOverflowed.set(true);
        }
    }

    @Override
    public void wroteToFallbackWhileReturning(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
        markStale(primary, lostAgain);
    }

    @Override
    public String catchUp(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
        int marked = markStale(primary, lostAgain);
        if (marked > 0) {
            events.staleCopiesDropped(marked);
        }
        return summary(marked);
    }

    /**
     * Sessions changed while the primary was away may have an older copy there (another instance may have
     * rebuilt it meanwhile): mark those copies stale up to the version written here, so the next read rebuilds
     * them from the attempt record and no older write still in flight can put them back.
     */
    private int markStale(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
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
                    primary.invalidate(id, version, SessionPort.GUARD_TTL);
                } else {
                    primary.delete(id); // a change of unknown version (raw delete or update): nothing finer to do
                }
                changedWhileAway.remove(id, version);
                marked++;
            } catch (StoreUnavailable e) {
                lostAgain.accept(e);
                break;
            }
        }
        return marked;
    }
}
