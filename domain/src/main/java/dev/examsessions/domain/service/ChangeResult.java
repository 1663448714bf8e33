package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;

/** An exam after a change (or its repeat), with the instant the change's rule ran at. */
public record ChangeResult(ExamSession session, Instant now) {
}
