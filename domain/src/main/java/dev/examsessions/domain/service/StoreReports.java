package dev.examsessions.domain.service;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.port.StoreHealth;
import java.util.Map;

/** What the two stores report about themselves, for health checks and the admin statistics; never throws. */
public final class StoreReports {
    private final SessionPort sessions;
    private final AttemptRepository attempts;

    StoreReports(SessionPort sessions, AttemptRepository attempts) {
        this.sessions = sessions;
        this.attempts = attempts;
    }

    /** The session store's own report; "unknown" and unavailable when it cannot give one. */
    public SessionStoreStats sessionStats() {
        try {
            return sessions.stats();
        } catch (RuntimeException e) {
            return new SessionStoreStats("unknown", false, 0, Map.of("error", e.getClass().getSimpleName()));
        }
    }

    /** The attempt record's backend and whether it answers; "unknown" and unavailable when it cannot say. */
    public StoreHealth attemptHealth() {
        try {
            return attempts.health();
        } catch (RuntimeException e) {
            return new StoreHealth("unknown", false);
        }
    }
}
