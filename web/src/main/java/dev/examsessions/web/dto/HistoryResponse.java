package dev.examsessions.web.dto;

import dev.examsessions.domain.HistoryPage;
import java.util.List;

/** One page of {@code GET /api/exams/history}: finished attempts, newest first, and the next cursor. */
public record HistoryResponse(List<ExamResultResponse> items, Long next) {
    public static HistoryResponse from(HistoryPage page) {
        return new HistoryResponse(page.items().stream().map(ExamResultResponse::from).toList(),
                Millis.of(page.next()));
    }
}
