package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.Question;
import java.time.Instant;

/**
 * An exam after an answer, with the instant the rule ran at and, in practice mode, the answered question's
 * content (its key is revealed); null in exam mode or when the bank no longer has the question.
 */
public record AnswerResult(ExamSession session, Question practiceContent, Instant now) {
}
