package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.examsessions.adapter.jpa.Fixtures.T0;
import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.examType;
import static dev.examsessions.adapter.jpa.Fixtures.questions;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The answers a change sets and clears, found in one walk over both sorted states (no database). */
class AttemptMapperTest {
    private static final ExamSession BLANK = exam(7, examType("t", 12, 60, null), ExamMode.PRACTICE, questions(12), T0);

    private static ExamSession with(Map<Long, String> answers) {
        return BLANK.withAnswers(answers);
    }

    private static List<String> changed(ExamSession current, ExamSession next) {
        return AttemptMapper.changedAnswers(current, next).stream().map(r -> r.questionId + "=" + r.choice).toList();
    }

    @Test
    void newChangedAndKeptAnswersInterleaved() {
        ExamSession current = with(Map.of(2L, "A", 5L, "B", 9L, "C"));
        ExamSession next = with(Map.of(1L, "D", 2L, "A", 5L, "C", 7L, "A", 9L, "C", 12L, "B"));
        assertEquals(List.of("1=D", "5=C", "7=A", "12=B"), changed(current, next));
        assertEquals(List.of(), AttemptMapper.clearedAnswers(current, next));
    }

    @Test
    void clearedAnswersAnywhereInTheOrder() {
        ExamSession current = with(Map.of(1L, "A", 4L, "B", 8L, "C", 12L, "D"));
        ExamSession next = with(Map.of(4L, "B", 10L, "A"));
        assertEquals(List.of(1L, 8L, 12L), AttemptMapper.clearedAnswers(current, next));
        assertEquals(List.of("10=A"), changed(current, next));
    }

    @Test
    void fromAndToNoAnswers() {
        ExamSession some = with(Map.of(3L, "A", 11L, "B"));
        assertEquals(List.of("3=A", "11=B"), changed(BLANK, some));
        assertEquals(List.of(3L, 11L), AttemptMapper.clearedAnswers(some, BLANK));
        assertEquals(List.of(), changed(some, some));
        assertEquals(List.of(), AttemptMapper.clearedAnswers(some, some));
    }
}
