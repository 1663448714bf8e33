package dev.examsessions.web.dto;

import dev.examsessions.domain.model.ExamSession;
import java.time.Instant;

/** One open attempt of {@code GET /api/exams/active}, with its time left so a resume list needs no more calls. */
public record ActiveAttemptResponse(String sessionId, long attemptId, String examType, String mode, long startedAt,
                                    Long deadline, Long remainingMs, int answeredCount, long serverTime) {
    public static ActiveAttemptResponse from(ExamSession s, Instant now) {
        return new ActiveAttemptResponse(s.sessionId().value(), s.attemptId(), s.examType(), s.mode().wireName(),
                s.startedAt().toEpochMilli(), Millis.of(s.deadline()), Millis.of(s.remaining(now)), s.answeredCount(),
                now.toEpochMilli());
    }
}
