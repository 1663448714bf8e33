package dev.examsessions.web.dto;

import com.fasterxml.jackson.databind.JsonNode;

/** Optional body of {@code POST …/extend}: the new remaining lifetime of the session copy in minutes. */
public record ExtendRequest(int minutes) {
    public static final int DEFAULT_MINUTES = 180;

    public static ExtendRequest from(JsonNode body) {
        Integer minutes = Fields.optionalInt(body, "minutes", "{\"minutes\":180}");
        return new ExtendRequest(minutes == null ? DEFAULT_MINUTES : minutes);
    }
}
