package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionPort.StoredSession;
import dev.examsessions.domain.port.SessionStoreState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Fallback {@code memory}: this instance's memory holds the copies meanwhile, and they go back to the primary
 * with their remaining TTL when it returns.
 */
final class CopyBackFromMemory implements OutageRecovery {
    private final SessionPort memory;
    private final Clock clock;

    CopyBackFromMemory(SessionPort memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    @Override
    public SessionStoreState stateWhileAway() {
        return SessionStoreState.FALLBACK;
    }

    @Override
    public String fallingBackTo() {
        return "falling back to in-memory storage";
    }

    // Writes need no tracking: memory holds the newer copy itself and copies it back.

    @Override
    public String catchUp(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
        int copied = 0;
        Instant now = clock.instant();
        for (StoredSession entry : memory.entries()) {
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
                memory.delete(entry.session().sessionId());
                copied++;
            } catch (StoreUnavailable e) {
                lostAgain.accept(e);
                break;
            }
        }
        return copied + " sessions copied from memory";
    }
}
