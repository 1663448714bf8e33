package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;

/** An exam's state as answered to its owner: how it was obtained and when its hot copy expires. */
public record ExamView(ExamSession session, boolean recovered, boolean resumed, Instant expiresAt) {
    public ExamView asResumed() {
        return new ExamView(session, recovered, true, expiresAt);
    }
}
