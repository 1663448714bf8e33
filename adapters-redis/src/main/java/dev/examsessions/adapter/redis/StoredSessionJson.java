package dev.examsessions.adapter.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session as stored in Redis: the components, in this order, are the document's fields (ARCHITECTURE.md
 * "Data formats"); instants are epoch milliseconds. Boxed types so that a missing field reads as null and is
 * refused by {@link #toSession()}, not defaulted to 0.
 */
record StoredSessionJson(
        String sessionId,
        Long attemptId,
        Long userId,
        String examType,
        String mode,
        List<Long> questionIds,
        Map<Long, String> answers,
        List<Long> flags,
        Policy pausePolicy,
        PauseState pauses,
        Long startedAt,
        Long deadline,
        String status,
        Result result,
        // version and schemaVersion last, in this order: the Lua scripts read them from the value's end
        Long version,
        Integer schemaVersion,
        // only read: a session document never has it, a stale marker (StaleMarker) always does
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean stale) {

    static final int SCHEMA_VERSION = 1;

    /** {@code pausePolicy}: the checkpoints and each break's length. */
    record Policy(List<Integer> checkpoints, Long durationMs) {
    }

    /** {@code pauses}: the seed's form, {@code consumed} a map from checkpoint to {@code true}. */
    record PauseState(Long pauseUntil, Map<Integer, Boolean> consumed, Integer activeCheckpoint) {
    }

    /** {@code result} of a finished exam. */
    record Result(Integer correct, Integer total, Double scorePercent, Long finishedAt, Map<String, Score> byDomain) {
        ExamResult toDomain() {
            Map<String, DomainScore> scores = new LinkedHashMap<>();
            need(byDomain, "result.byDomain").forEach((name, score) -> scores.put(name,
                    new DomainScore(need(score.correct(), "result.byDomain.correct"),
                            need(score.total(), "result.byDomain.total"))));
            return new ExamResult(need(correct, "result.correct"), need(total, "result.total"),
                    need(scorePercent, "result.scorePercent"), instant(need(finishedAt, "result.finishedAt")), scores);
        }
    }

    /** One entry of {@code result.byDomain}. */
    record Score(Integer correct, Integer total) {
    }

    /**
     * A stale marker: copies of {@code sessionId} below {@code version} are stale (the Lua scripts read version,
     * stale and schemaVersion from its end: keep this order).
     */
    record StaleMarker(String sessionId, long version, boolean stale, int schemaVersion) {
        StaleMarker(SessionId id, long version) {
            this(id.value(), version, true, SCHEMA_VERSION);
        }
    }

    /** A value that is not a session this reader understands. */
    static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message) {
            super(message);
        }
    }

    static StoredSessionJson from(ExamSession s) {
        PausePolicy policy = s.pausePolicy();
        Map<Integer, Boolean> consumed = new LinkedHashMap<>();
        s.pauses().consumed().forEach(c -> consumed.put(c, true));
        ExamResult r = s.result();
        Result result = null;
        if (r != null) {
            Map<String, Score> byDomain = new LinkedHashMap<>();
            r.byDomain().forEach((name, score) -> byDomain.put(name, new Score(score.correct(), score.total())));
            result = new Result(r.correct(), r.total(), r.scorePercent(), millis(r.finishedAt()), byDomain);
        }
        return new StoredSessionJson(s.sessionId().value(), s.attemptId(), s.userId(), s.examType(),
                s.mode().wireName(), s.questionIds(), s.answers(), List.copyOf(s.flags()),
                policy == null ? null : new Policy(policy.checkpoints(), policy.durationMs()),
                new PauseState(millis(s.pauses().pauseUntil()), consumed, s.pauses().activeCheckpoint()),
                millis(s.startedAt()), millis(s.deadline()), s.status().name(), result, s.version(), SCHEMA_VERSION,
                null);
    }

    boolean isStaleMarker() {
        return Boolean.TRUE.equals(stale);
    }

    /** The domain session; throws {@link Unreadable} (or the domain's own refusal) on what it cannot be. */
    ExamSession toSession() {
        int schema = need(schemaVersion, "schemaVersion");
        if (schema < 1 || schema > SCHEMA_VERSION) {
            throw new Unreadable("unsupported schemaVersion " + schema + " (this reader knows 1.." + SCHEMA_VERSION + ")");
        }
        SessionId id = SessionId.parse(need(sessionId, "sessionId"))
                .orElseThrow(() -> new Unreadable("malformed sessionId"));
        ExamMode examMode = ExamMode.fromWire(need(mode, "mode")).orElseThrow(() -> new Unreadable("unknown mode"));
        ExamStatus examStatus = status(need(status, "status"));
        PauseState p = need(pauses, "pauses");
        Set<Integer> consumed = new TreeSet<>();
        need(p.consumed(), "pauses.consumed").forEach((checkpoint, used) -> {
            if (used) {
                consumed.add(checkpoint);
            }
        });
        PausePolicy policy = pausePolicy == null ? null
                : new PausePolicy(need(pausePolicy.checkpoints(), "pausePolicy.checkpoints"),
                        need(pausePolicy.durationMs(), "pausePolicy.durationMs"));
        return new ExamSession(id, need(attemptId, "attemptId"), need(userId, "userId"), need(examType, "examType"),
                examMode, need(questionIds, "questionIds"), need(answers, "answers"), new TreeSet<>(need(flags, "flags")),
                policy, new Pauses(instant(p.pauseUntil()), p.activeCheckpoint(), consumed),
                instant(need(startedAt, "startedAt")), instant(deadline), examStatus,
                result == null ? null : result.toDomain(), need(version, "version"));
    }

    private static ExamStatus status(String raw) {
        try {
            return ExamStatus.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("unknown status");
        }
    }

    private static <T> T need(T value, String name) {
        if (value == null) {
            throw new Unreadable(name + " is missing");
        }
        return value;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
