package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;

/**
 * An exam's state as answered to its owner: how it was obtained, when its hot copy expires, and the instant
 * ({@code now}) it was read at.
 */
public record ExamView(ExamSession session, boolean recovered, boolean resumed, Instant expiresAt, Instant now) {
    public ExamView asResumed() {
        return new ExamView(session, recovered, true, expiresAt, now);
    }
}
