package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamSession;

import java.time.Instant;

/** An attempt held in memory and when it last changed (for the idle rule). */
record StoredAttempt(ExamSession session, Instant changedAt) {
    boolean isFinished() {
        return session.status().isFinished();
    }
}
