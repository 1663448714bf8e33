package dev.examsessions.domain;

import java.time.Instant;
import java.util.List;

/** One page of finished attempts, newest first, and the cursor for the next page (null at the end). */
public record HistoryPage(List<ExamSession> items, Instant next) {
    public HistoryPage {
        items = List.copyOf(items);
    }
}
