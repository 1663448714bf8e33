package dev.examsessions.adapter.redis;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The session's JSON document in Redis ({@link StoredSessionJson}): unknown fields ignored, anything unreadable
 * decoded as a missing session; a stale marker ({@code "stale": true}) is a missing session too.
 */
final class RedisSessionCodec {
    static final int SCHEMA_VERSION = StoredSessionJson.SCHEMA_VERSION;
    /** The field that makes a document a stale marker (read by the Lua scripts too). */
    static final String STALE = "stale";
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionCodec.class);
    /** Keys already reported as unreadable; bounded so a flood of bad keys cannot grow it without limit. */
    private static final int MAX_REMEMBERED_WARNINGS = 10_000;

    /** Strict on types, as the hand-written reader was: no "3" for 3, no 3.5 for a long, no null in a list or map. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    String encode(ExamSession s) {
        return write(StoredSessionJson.from(s));
    }

    /** A stale marker: copies of session {@code id} below {@code version} are stale. */
    String encodeMarker(SessionId id, long version) {
        return write(new StoredSessionJson.StaleMarker(id, version));
    }

    /**
     * The session stored under {@code key}, or empty when the value is null, a stale marker or unreadable; an
     * unreadable value is reported at WARN once per key and never throws.
     */
    Optional<ExamSession> decode(String key, String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            StoredSessionJson stored = MAPPER.readValue(json, StoredSessionJson.class);
            if (stored == null) {
                reportUnreadable(key, "not a JSON object");
            } else if (!stored.isStaleMarker()) {
                return Optional.of(stored.toSession());
            }
        } catch (StoredSessionJson.Unreadable e) {
            reportUnreadable(key, e.getMessage());
        } catch (JsonMappingException e) {
            reportUnreadable(key, path(e) + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            reportUnreadable(key, "not JSON (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) {
            // a domain invariant refused the values (ExamSession's constructor, PausePolicy, …)
            reportUnreadable(key, "invalid session (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Reports an unreadable value at {@code key}: WARN the first time for that key, DEBUG afterwards. */
    void reportUnreadable(String key, String why) {
        if (warned.size() >= MAX_REMEMBERED_WARNINGS) {
            warned.clear();
        }
        if (warned.add(key)) {
            LOG.warn("[SessionManager] Unreadable session value at {}: {}; treating it as missing", key, why);
        } else {
            LOG.debug("Unreadable session value at {} again: {}", key, why);
        }
    }

    private static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + document, e);
        }
    }

    /** The JSON path of a mapping failure, e.g. {@code answers.17: }, instead of Jackson's class names. */
    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining(".", "", ": "));
    }
}
