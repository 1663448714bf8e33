package dev.examsessions.web.dto;

import dev.examsessions.domain.model.SessionId;
import java.time.Instant;

/** Answer of {@code POST …/extend}: when the session copy now expires. */
public record ExtendResponse(String sessionId, Long expiresAt) {
    public static ExtendResponse from(SessionId id, Instant expiresAt) {
        return new ExtendResponse(id.value(), Millis.of(expiresAt));
    }
}
