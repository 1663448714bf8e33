package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST …/pause/start}: the checkpoint whose break to take. */
public record PauseStartRequest(int checkpoint) {
    public static PauseStartRequest from(JsonNode body) {
        return new PauseStartRequest(Fields.requireInt(body, "checkpoint", "{\"checkpoint\":60}"));
    }
}
