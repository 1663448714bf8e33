package dev.examsessions.web.dto;

import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.port.StoreHealth;

/** {@code GET /health}: UP, DEGRADED (session store down) or DOWN (attempt record down). */
public record HealthResponse(String status, StoreStatus sessionStore, StoreStatus attempts) {

    /** Backend name and reachability of one store. */
    public record StoreStatus(String backend, boolean available) {
    }

    public static HealthResponse from(SessionStoreStats sessions, StoreHealth attempts) {
        String status = !attempts.available() ? "DOWN" : sessions.available() ? "UP" : "DEGRADED";
        return new HealthResponse(status, new StoreStatus(sessions.backend(), sessions.available()),
                new StoreStatus(attempts.backend(), attempts.available()));
    }

    public boolean down() {
        return "DOWN".equals(status);
    }
}
