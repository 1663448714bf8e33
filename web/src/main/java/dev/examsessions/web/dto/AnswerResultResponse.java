package dev.examsessions.web.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.Question;
import java.time.Instant;

/** Answer of {@code PUT …/answers/{questionId}}; practice mode also reveals correctness. */
public record AnswerResultResponse(
        long questionId,
        String choice,
        int answeredCount,
        long version,
        Long remainingMs,
        long serverTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean correct,
        @JsonInclude(JsonInclude.Include.NON_NULL) String correctChoice,
        @JsonInclude(JsonInclude.Include.NON_NULL) String explanation) {

    /** {@code question} is the question's content in practice mode, null otherwise. */
    public static AnswerResultResponse from(ExamSession s, long questionId, Question question, Instant now) {
        String choice = s.answers().get(questionId);
        boolean practice = s.mode() == ExamMode.PRACTICE && question != null;
        return new AnswerResultResponse(questionId, choice, s.answeredCount(), s.version(),
                Millis.of(s.remaining(now)), now.toEpochMilli(),
                practice ? Boolean.valueOf(question.correctKey().equals(choice)) : null,
                practice ? question.correctKey() : null,
                practice ? question.explanation() : null);
    }
}
