package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreState;
import java.util.function.Consumer;

/** Fallback {@code fail}: requests are refused while the primary is away, so there is nothing to catch up. */
final class RefuseWhileDown implements OutageRecovery {

    @Override
    public SessionStoreState stateWhileAway() {
        return SessionStoreState.REFUSING;
    }

    @Override
    public String fallingBackTo() {
        return "refusing requests (STORE_UNAVAILABLE) until it is back";
    }

    /** Finds the outage before anything is committed, so that a refused request changed nothing. */
    @Override
    public boolean pingsBeforeEachRequest() {
        return true;
    }

    @Override
    public String catchUp(SessionPort primary, Consumer<StoreUnavailable> lostAgain) {
        // the log line keeps the wording this mode has always had
        return MarkChangedCopiesStale.summary(0);
    }
}
