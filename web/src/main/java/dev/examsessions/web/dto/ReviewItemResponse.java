package dev.examsessions.web.dto;

import dev.examsessions.domain.service.ReviewItem;
import java.util.List;

/** One question of a finished exam with the taker's choice, its flag, the correct key and the explanation. */
public record ReviewItemResponse(int position, long questionId, String text, List<OptionResponse> options,
                                 String choice, boolean flagged, String correctChoice, boolean correct,
                                 String explanation, String domain) {
    public static ReviewItemResponse from(ReviewItem item) {
        var q = item.question();
        return new ReviewItemResponse(item.position(), q.id(), q.text(), OptionResponse.from(q.options()),
                item.choice(), item.flagged(), q.correctKey(), item.correct(), q.explanation(), q.domain());
    }
}
