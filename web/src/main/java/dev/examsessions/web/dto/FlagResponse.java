package dev.examsessions.web.dto;

import dev.examsessions.domain.model.ExamSession;

/** Answer of {@code PUT …/flags/{questionId}}. */
public record FlagResponse(long questionId, boolean flagged, long version) {
    public static FlagResponse from(ExamSession s, long questionId) {
        return new FlagResponse(questionId, s.flags().contains(questionId), s.version());
    }
}
