package dev.examsessions.web.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.service.QuestionView;
import java.util.List;

/**
 * One question at its position (API.md {@code Question}). The correct key and the explanation are only
 * present once the exam is finished, or in practice mode for an answered question: never while an
 * exam-mode exam is in progress.
 */
public record QuestionResponse(
        int position,
        long questionId,
        String text,
        List<OptionResponse> options,
        String selected,
        boolean flagged,
        boolean locked,
        @JsonInclude(JsonInclude.Include.NON_NULL) String correctChoice,
        @JsonInclude(JsonInclude.Include.NON_NULL) String explanation) {

    public static QuestionResponse from(QuestionView view) {
        ExamSession s = view.session();
        boolean reveal = s.status().isFinished() || (s.mode() == ExamMode.PRACTICE && view.selected() != null);
        return new QuestionResponse(view.position(), view.question().id(), view.question().text(),
                OptionResponse.from(view.question().options()), view.selected(), view.flagged(), view.locked(),
                reveal ? view.question().correctKey() : null,
                reveal ? view.question().explanation() : null);
    }
}
