package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code PUT …/answers/{questionId}}: the chosen option key, or null to clear the answer. */
public record AnswerRequest(String choice) {
    private static final String EXAMPLE = "{\"choice\":\"B\"} (or {\"choice\":null} to clear)";

    public static AnswerRequest from(JsonNode body) {
        JsonNode node = Fields.require(body, "choice", EXAMPLE);
        if (node.isNull()) {
            return new AnswerRequest(null);
        }
        if (!node.isTextual()) {
            throw Fields.bad("Field 'choice' must be an option key string or null, not " + Fields.describe(node)
                    + ", e.g. " + EXAMPLE + ".");
        }
        return new AnswerRequest(node.textValue());
    }
}
