package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.QuestionKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a change rule makes of one stored state: the state to store and, when the exam's time ran out, the
 * {@code TIME_EXPIRED} refusal to report once that (timed-out) state is committed.
 */
record ChangeOutcome(ExamSession state, Optional<ExamException> refusalAfterCommit) {

    /**
     * Applies {@code rule} to {@code stored}; the expected version is checked only when the rule alters the exam, so
     * an idempotent repeat succeeds whatever version is sent and every other refusal wins over a stale version. A
     * rule refused because the time is up times the exam out instead: the request that finds it overdue finalizes it.
     * Pure: the same stored state and instant always give the same outcome.
     */
    static ChangeOutcome of(ExamSession stored, Instant now, Long expectedVersion,
                            BiFunction<ExamSession, Instant, ExamSession> rule,
                            Function<ExamSession, Map<Long, QuestionKey>> keys) {
        try {
            ExamSession next = rule.apply(stored, now);
            if (!next.sameStateAs(stored)) {
                stored.requireVersion(expectedVersion);
            }
            return new ChangeOutcome(next, Optional.empty());
        } catch (ExamException e) {
            if (e.code() != ErrorCode.TIME_EXPIRED) {
                throw e;
            }
            return new ChangeOutcome(stored.timeOut(keys.apply(stored), now), Optional.of(e));
        }
    }
}
