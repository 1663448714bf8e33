package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import java.util.List;
import java.util.Optional;

/** Question content by id, and random samples of question ids for an exam type. */
public interface QuestionBank {
    Optional<Question> question(long id);

    /**
     * {@code count} distinct question ids for the given exam type, in exam order.
     *
     * @throws ExamException NOT_ENOUGH_QUESTIONS when the bank has fewer
     */
    List<Long> sample(ExamType type, int count);
}
