package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;

/**
 * What {@link AttemptRepository#update} did: the stored state the change ran on and the state stored after it
 * ({@code after == before} when the change altered nothing).
 */
public record Change(ExamSession before, ExamSession after) {

    /** Whether a new state was stored (its version went up). */
    public boolean changed() {
        return after.version() != before.version();
    }
}
