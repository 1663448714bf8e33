package dev.examsessions.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import io.javalin.http.Context;
import java.io.IOException;

/** The one JSON configuration of the API, and the strict reader of request bodies. */
final class Json {
    private Json() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }

    /** Reads the request body as a JSON object; {@code optional} bodies may be empty (then {@code {}}). */
    static JsonNode object(ObjectMapper mapper, Context ctx, boolean optional, String example) {
        byte[] body = RequestGuard.body(ctx);
        if (isBlank(body)) {
            if (optional) {
                return mapper.createObjectNode();
            }
            throw bad("The request needs a JSON object body, e.g. " + example + ".");
        }
        JsonNode node;
        try {
            ObjectReader reader = mapper.reader()
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            node = reader.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw bad("The body is not valid JSON" + where + ": " + shorten(e.getOriginalMessage())
                    + ". Send a JSON object, e.g. " + example + ".");
        } catch (IOException e) {
            throw bad("The body could not be read as JSON. Send a JSON object, e.g. " + example + ".");
        }
        if (node == null || node.isMissingNode()) {
            if (optional) {
                return mapper.createObjectNode();
            }
            throw bad("The request needs a JSON object body, e.g. " + example + ".");
        }
        if (!node.isObject()) {
            throw bad("The body must be a JSON object, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", e.g. " + example + ".");
        }
        return node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "unexpected content";
        }
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    static WebException bad(String message) {
        return new WebException(WebError.BAD_REQUEST, message);
    }
}
