package dev.examsessions.domain;

/** One question of an exam at its position, with the taker's answer, flag and lock state. */
public record QuestionView(int position, Question question, String selected, boolean flagged, boolean locked,
                           ExamSession session) {
}
