package dev.examsessions.web.dto;

import dev.examsessions.domain.ExamSession;

/** One open attempt of {@code GET /api/exams/active}. */
public record ActiveAttemptResponse(String sessionId, long attemptId, String examType, String mode, long startedAt,
                                    Long deadline, int answeredCount) {
    public static ActiveAttemptResponse from(ExamSession s) {
        return new ActiveAttemptResponse(s.sessionId().value(), s.attemptId(), s.examType(), s.mode().wireName(),
                s.startedAt().toEpochMilli(), Millis.of(s.deadline()), s.answeredCount());
    }
}
