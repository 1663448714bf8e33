package dev.examsessions.web.dto;

import dev.examsessions.domain.port.HistoryPage;
import java.util.List;

/** One page of {@code GET /api/exams/history}: finished attempts, newest first, and the opaque next cursor. */
public record HistoryResponse(List<ExamResultResponse> items, String next) {
    public static HistoryResponse from(HistoryPage page) {
        return new HistoryResponse(page.items().stream().map(ExamResultResponse::from).toList(),
                page.next() == null ? null : HistoryCursorToken.encode(page.next()));
    }
}
