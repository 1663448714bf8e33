package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code PUT …/flags/{questionId}}. */
public record FlagRequest(boolean flagged) {
    public static FlagRequest from(JsonNode body) {
        return new FlagRequest(Fields.requireBoolean(body, "flagged", "{\"flagged\":true}"));
    }
}
