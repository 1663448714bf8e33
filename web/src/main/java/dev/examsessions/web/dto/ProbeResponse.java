package dev.examsessions.web.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /health/live} and {@code /health/ready}: UP, or NOT_READY with the reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResponse(String status, String reason) {
    public static ProbeResponse up() {
        return new ProbeResponse("UP", null);
    }

    public static ProbeResponse notReady(String reason) {
        return new ProbeResponse("NOT_READY", reason);
    }
}
