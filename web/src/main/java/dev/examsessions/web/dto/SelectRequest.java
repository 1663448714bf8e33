package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /api/exams/select}: exam type, mode ({@code exam}/{@code practice}), optional practice size. */
public record SelectRequest(String examType, String mode, Integer questionCount) {
    private static final String EXAMPLE = "{\"examType\":\"pmp\",\"mode\":\"exam\"}";

    public static SelectRequest from(JsonNode body) {
        return new SelectRequest(
                Fields.requireText(body, "examType", EXAMPLE),
                Fields.optionalText(body, "mode", "{\"mode\":\"practice\"}"),
                Fields.optionalInt(body, "questionCount", "{\"questionCount\":20}"));
    }
}
