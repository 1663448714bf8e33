package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;
import java.util.List;

/** One page of finished attempts, newest first, and the position after which the next page starts (null at the end). */
public record HistoryPage(List<ExamSession> items, HistoryCursor next) {
    public HistoryPage {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code limit} from attempts already in history order, fetched with one extra item that tells
     * whether a next page exists.
     */
    public static HistoryPage of(List<ExamSession> newestFirstPlusOne, int limit) {
        if (newestFirstPlusOne.size() <= limit) {
            return new HistoryPage(newestFirstPlusOne, null);
        }
        List<ExamSession> page = newestFirstPlusOne.subList(0, limit);
        return new HistoryPage(page, HistoryCursor.of(page.get(limit - 1)));
    }
}
