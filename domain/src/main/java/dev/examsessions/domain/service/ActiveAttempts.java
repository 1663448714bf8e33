package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;
import java.util.List;

/** A user's open attempts, newest first, with the instant they were listed at. */
public record ActiveAttempts(List<ExamSession> attempts, Instant now) {
}
