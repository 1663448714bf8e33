package dev.examsessions.web.dto;

import dev.examsessions.domain.model.ExamType;

/** One entry of {@code GET /api/exams/types}. */
public record ExamTypeResponse(String examType, String title, int questionCount, int durationMinutes,
                               PausePolicyResponse pausePolicy) {
    public static ExamTypeResponse from(ExamType type) {
        return new ExamTypeResponse(type.id(), type.title(), type.questionCount(), type.durationMinutes(),
                PausePolicyResponse.from(type.pausePolicy()));
    }
}
