package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreState;
import java.time.Clock;
import java.util.function.Consumer;

/** What one {@link FallbackMode} does while the primary is away, and how it brings the primary up to date on its return. */
interface OutageRecovery {

    /** The recovery of {@code mode}; {@code fallback} is the store that serves meanwhile. */
    static OutageRecovery of(FallbackMode mode, SessionPort fallback, Clock clock, ExamEvents events) {
        return switch (mode) {
            case MEMORY -> new CopyBackFromMemory(fallback, clock);
            case DATABASE -> new MarkChangedCopiesStale(events);
            case FAIL -> new RefuseWhileDown();
        };
    }

    /** What the decorator reports while the fallback serves. */
    SessionStoreState stateWhileAway();

    /** How the seed's line "… connection failed, …" goes on: what serves now. */
    String fallingBackTo();

    /** Whether each request must find the primary answering before it changes anything. */
    default boolean pingsBeforeEachRequest() {
        return false;
    }

    /** A write to session {@code id} went to the fallback, with {@code version} (0: unknown). */
    default void wroteToFallback(SessionId id, long version) {
    }

    /**
     * The primary came back while a write went to the fallback, so {@link #catchUp} may have missed it.
     * A failure of the primary meanwhile goes to {@code lostAgain}.
     */
    default void wroteToFallbackWhileReturning(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
    }

    /**
     * Brings the primary, which answers again, up to date. It stops at the first {@link StoreUnavailable} and
     * hands it to {@code lostAgain}. Returns what it did, for the log line "… connected successfully (…)".
     */
    String catchUp(SessionPort primary, Consumer<StoreUnavailable> lostAgain);
}
