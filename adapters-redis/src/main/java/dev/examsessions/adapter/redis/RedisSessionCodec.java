package dev.examsessions.adapter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.examsessions.domain.DomainScore;
import dev.examsessions.domain.ExamMode;
import dev.examsessions.domain.ExamResult;
import dev.examsessions.domain.ExamSession;
import dev.examsessions.domain.ExamStatus;
import dev.examsessions.domain.PausePolicy;
import dev.examsessions.domain.Pauses;
import dev.examsessions.domain.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's JSON document in Redis (ARCHITECTURE.md "Data formats"): instants as epoch milliseconds,
 * unknown fields ignored, anything unreadable decoded as a missing session; a stale marker
 * ({@code "stale": true}) is a missing session too.
 */
final class RedisSessionCodec {
    static final int SCHEMA_VERSION = 1;
    /** The field that makes a document a stale marker (read by the Lua scripts too). */
    static final String STALE = "stale";
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionCodec.class);
    /** Keys already reported as unreadable; bounded so a flood of bad keys cannot grow it without limit. */
    private static final int MAX_REMEMBERED_WARNINGS = 10_000;

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** A value that is not a session this reader understands. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    String encode(ExamSession s) {
        ObjectNode root = nodes.objectNode();
        root.put("sessionId", s.sessionId().value());
        root.put("attemptId", s.attemptId());
        root.put("userId", s.userId());
        root.put("examType", s.examType());
        root.put("mode", s.mode().wireName());
        ArrayNode questionIds = root.putArray("questionIds");
        s.questionIds().forEach(questionIds::add);
        ObjectNode answers = root.putObject("answers");
        s.answers().forEach((q, choice) -> answers.put(String.valueOf(q), choice));
        ArrayNode flags = root.putArray("flags");
        s.flags().forEach(flags::add);
        if (s.pausePolicy() == null) {
            root.putNull("pausePolicy");
        } else {
            ObjectNode policy = root.putObject("pausePolicy");
            ArrayNode checkpoints = policy.putArray("checkpoints");
            s.pausePolicy().checkpoints().forEach(checkpoints::add);
            policy.put("durationMs", s.pausePolicy().durationMs());
        }
        ObjectNode pauses = root.putObject("pauses");
        putInstant(pauses, "pauseUntil", s.pauses().pauseUntil());
        ObjectNode consumed = pauses.putObject("consumed");
        s.pauses().consumed().forEach(c -> consumed.put(String.valueOf(c), true));
        if (s.pauses().activeCheckpoint() == null) {
            pauses.putNull("activeCheckpoint");
        } else {
            pauses.put("activeCheckpoint", s.pauses().activeCheckpoint());
        }
        putInstant(root, "startedAt", s.startedAt());
        putInstant(root, "deadline", s.deadline());
        root.put("status", s.status().name());
        if (s.result() == null) {
            root.putNull("result");
        } else {
            ExamResult r = s.result();
            ObjectNode result = root.putObject("result");
            result.put("correct", r.correct());
            result.put("total", r.total());
            result.put("scorePercent", r.scorePercent());
            putInstant(result, "finishedAt", r.finishedAt());
            ObjectNode byDomain = result.putObject("byDomain");
            r.byDomain().forEach((name, score) -> {
                ObjectNode d = byDomain.putObject(name);
                d.put("correct", score.correct());
                d.put("total", score.total());
            });
        }
        root.put("version", s.version());
        root.put("schemaVersion", SCHEMA_VERSION);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise session " + s.sessionId(), e);
        }
    }

    /** A stale marker: copies of session {@code id} below {@code version} are stale. */
    String encodeMarker(SessionId id, long version) {
        ObjectNode root = nodes.objectNode();
        root.put("sessionId", id.value());
        root.put("version", version);
        root.put(STALE, true);
        root.put("schemaVersion", SCHEMA_VERSION);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the marker of " + id, e);
        }
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
            JsonNode root = mapper.readTree(json);
            if (root != null && root.path(STALE).asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(read(root));
        } catch (Unreadable e) {
            reportUnreadable(key, e.getMessage());
        } catch (JsonProcessingException e) {
            reportUnreadable(key, "not JSON (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) {
            // a domain invariant refused the values (ExamSession's constructor, SessionId format, …)
            reportUnreadable(key, "invalid session (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private ExamSession read(JsonNode root) throws Unreadable {
        if (root == null || !root.isObject()) {
            throw new Unreadable("not a JSON object");
        }
        long schema = longField(root, "schemaVersion");
        if (schema < 1 || schema > SCHEMA_VERSION) {
            throw new Unreadable("unsupported schemaVersion " + schema + " (this reader knows 1.." + SCHEMA_VERSION + ")");
        }
        SessionId id = SessionId.parse(text(root, "sessionId"))
                .orElseThrow(() -> new Unreadable("malformed sessionId"));
        ExamMode mode = ExamMode.fromWire(text(root, "mode"))
                .orElseThrow(() -> new Unreadable("unknown mode"));
        ExamStatus status = status(text(root, "status"));

        List<Long> questionIds = new ArrayList<>();
        for (JsonNode q : array(root, "questionIds")) {
            questionIds.add(integral(q, "questionIds[]"));
        }
        Map<Long, String> answers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "answers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new Unreadable("answers." + e.getKey() + " is not a string");
            }
            answers.put(parseLong(e.getKey(), "answers"), e.getValue().textValue());
        }
        Set<Long> flags = new LinkedHashSet<>();
        for (JsonNode f : array(root, "flags")) {
            flags.add(integral(f, "flags[]"));
        }
        PausePolicy policy = null;
        JsonNode policyNode = nullable(root, "pausePolicy");
        if (policyNode != null) {
            List<Integer> checkpoints = new ArrayList<>();
            for (JsonNode c : array(policyNode, "checkpoints")) {
                checkpoints.add(toInt(integral(c, "pausePolicy.checkpoints[]"), "pausePolicy.checkpoints[]"));
            }
            policy = new PausePolicy(checkpoints, longField(policyNode, "durationMs"));
        }
        JsonNode pausesNode = object(root, "pauses");
        Set<Integer> consumed = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(pausesNode, "consumed").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isBoolean()) {
                throw new Unreadable("pauses.consumed." + e.getKey() + " is not a boolean");
            }
            if (e.getValue().booleanValue()) {
                consumed.add(toInt(parseLong(e.getKey(), "pauses.consumed"), "pauses.consumed"));
            }
        }
        JsonNode active = nullable(pausesNode, "activeCheckpoint");
        Pauses pauses = new Pauses(instantOrNull(pausesNode, "pauseUntil"),
                active == null ? null : toInt(integral(active, "pauses.activeCheckpoint"), "pauses.activeCheckpoint"),
                consumed);

        ExamResult result = null;
        JsonNode resultNode = nullable(root, "result");
        if (resultNode != null) {
            Map<String, DomainScore> byDomain = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object(resultNode, "byDomain").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    throw new Unreadable("result.byDomain." + e.getKey() + " is not an object");
                }
                byDomain.put(e.getKey(), new DomainScore(intField(e.getValue(), "correct"), intField(e.getValue(), "total")));
            }
            JsonNode percent = resultNode.get("scorePercent");
            if (percent == null || !percent.isNumber()) {
                throw new Unreadable("result.scorePercent is missing or not a number");
            }
            result = new ExamResult(intField(resultNode, "correct"), intField(resultNode, "total"),
                    percent.doubleValue(), instant(resultNode, "finishedAt"), byDomain);
        }

        return new ExamSession(id, longField(root, "attemptId"), longField(root, "userId"), text(root, "examType"),
                mode, questionIds, answers, flags, policy, pauses, instant(root, "startedAt"),
                instantOrNull(root, "deadline"), status, result, longField(root, "version"));
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

    // ---- field readers: each throws Unreadable on a missing field or a wrong type --------------

    private static JsonNode required(JsonNode parent, String name) throws Unreadable {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new Unreadable(name + " is missing");
        }
        return n;
    }

    /** The field, or null when it is absent or JSON null. */
    private static JsonNode nullable(JsonNode parent, String name) throws Unreadable {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() && !n.isNumber()) {
            throw new Unreadable(name + " has the wrong type");
        }
        return n;
    }

    private static String text(JsonNode parent, String name) throws Unreadable {
        JsonNode n = required(parent, name);
        if (!n.isTextual()) {
            throw new Unreadable(name + " is not a string");
        }
        return n.textValue();
    }

    private static long longField(JsonNode parent, String name) throws Unreadable {
        return integral(required(parent, name), name);
    }

    private static int intField(JsonNode parent, String name) throws Unreadable {
        return toInt(longField(parent, name), name);
    }

    private static long integral(JsonNode n, String name) throws Unreadable {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new Unreadable(name + " is not an integer");
        }
        return n.longValue();
    }

    private static int toInt(long value, String name) throws Unreadable {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new Unreadable(name + " is out of range");
        }
        return (int) value;
    }

    private static long parseLong(String raw, String name) throws Unreadable {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new Unreadable(name + " has a non-numeric key");
        }
    }

    private static JsonNode array(JsonNode parent, String name) throws Unreadable {
        JsonNode n = required(parent, name);
        if (!n.isArray()) {
            throw new Unreadable(name + " is not an array");
        }
        return n;
    }

    private static JsonNode object(JsonNode parent, String name) throws Unreadable {
        JsonNode n = required(parent, name);
        if (!n.isObject()) {
            throw new Unreadable(name + " is not an object");
        }
        return n;
    }

    private static Instant instant(JsonNode parent, String name) throws Unreadable {
        return Instant.ofEpochMilli(longField(parent, name));
    }

    private static Instant instantOrNull(JsonNode parent, String name) throws Unreadable {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : Instant.ofEpochMilli(integral(n, name));
    }

    private static ExamStatus status(String raw) throws Unreadable {
        try {
            return ExamStatus.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("unknown status");
        }
    }

    private static void putInstant(ObjectNode node, String name, Instant value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value.toEpochMilli());
        }
    }
}
