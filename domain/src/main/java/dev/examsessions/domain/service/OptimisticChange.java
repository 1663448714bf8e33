package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs a change on a state read earlier (the session copy) with one optimistic {@link AttemptRepository#replace},
 * and with the locked {@link AttemptRepository#update} whenever that cannot decide: no state known, the stored
 * attempt moved on, the change refused or changed nothing on the known state (the stored one may differ).
 */
final class OptimisticChange {
    private OptimisticChange() {
    }

    /** As {@code attempts.update(id, change)}: the state the change ran on and the stored result; empty when there is no such attempt. */
    static Optional<Change> apply(AttemptRepository attempts, SessionId id, ExamSession known,
                                       UnaryOperator<ExamSession> change) {
        if (known != null && known.sessionId().equals(id)) {
            ExamSession next;
            try {
                next = known.changedBy(change);
            } catch (RuntimeException refusedOnTheKnownState) {
                // the stored state decides, under the lock: a refusal there propagates from update
                next = known;
            }
            if (next != known && attempts.replace(known, next)) {
                return Optional.of(new Change(known, next));
            }
        }
        return attempts.update(id, change);
    }
}
