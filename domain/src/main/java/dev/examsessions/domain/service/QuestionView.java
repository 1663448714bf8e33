package dev.examsessions.domain.service;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.Question;

/** One question of an exam at its position, with the taker's answer, flag and lock state. */
public record QuestionView(int position, Question question, String selected, boolean flagged, boolean locked,
                           ExamSession session) {
}
