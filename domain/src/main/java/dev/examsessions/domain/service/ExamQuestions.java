package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.Question;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.port.QuestionBank;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An exam's questions as the question bank has them: at a position, in a range, in the review, as scoring keys. */
final class ExamQuestions {
    private final QuestionBank bank;

    ExamQuestions(QuestionBank bank) {
        this.bank = bank;
    }

    QuestionView at(ExamSession session, int position) {
        if (position < 1 || position > session.questionIds().size()) {
            throw new ExamException(ErrorCode.QUESTION_NOT_FOUND, "Position " + position + " is outside 1.."
                    + session.questionIds().size() + ".");
        }
        long qid = session.questionIds().get(position - 1);
        return new QuestionView(position, require(qid), session.answers().get(qid),
                session.flags().contains(qid), session.isLocked(position), session);
    }

    /** The questions at {@code from..to} (cut at the exam's last); an empty or outside range wins over a break. */
    List<QuestionView> range(ExamSession session, int from, int to, Instant now) {
        if (to < from) {
            throw new ExamException(ErrorCode.INVALID_RANGE, "The range " + from + ".." + to + " is empty: 'to' must "
                    + "not be less than 'from'.");
        }
        int last = Math.min(to, session.questionIds().size());
        if (from < 1 || from > session.questionIds().size()) {
            throw new ExamException(ErrorCode.QUESTION_NOT_FOUND, "Positions " + from + ".." + to
                    + " are outside 1.." + session.questionIds().size() + ".");
        }
        session.requireReadable(now);
        List<QuestionView> views = new ArrayList<>();
        for (int p = from; p <= last; p++) {
            views.add(at(session, p));
        }
        return views;
    }

    /** Every question of a finished exam with the taker's answer and whether it was right. */
    List<ReviewItem> review(ExamSession session) {
        if (!session.status().isFinished()) {
            throw new ExamException(ErrorCode.NOT_FINISHED, "Review is available once the exam is finished.");
        }
        List<ReviewItem> items = new ArrayList<>();
        for (int p = 1; p <= session.questionIds().size(); p++) {
            long qid = session.questionIds().get(p - 1);
            Question q = require(qid);
            String choice = session.answers().get(qid);
            items.add(new ReviewItem(p, q, choice, q.correctKey().equals(choice), session.flags().contains(qid)));
        }
        return items;
    }

    /** The answer keys of the exam's questions the bank still has, for scoring. */
    Map<Long, QuestionKey> keys(ExamSession session) {
        Map<Long, QuestionKey> keys = new LinkedHashMap<>();
        for (Long id : session.questionIds()) {
            bank.question(id).ifPresent(q -> keys.put(id, q.key()));
        }
        return keys;
    }

    private Question require(long id) {
        return bank.question(id).orElseThrow(() -> new ExamException(ErrorCode.QUESTION_NOT_FOUND,
                "Question " + id + " is no longer in the question bank."));
    }
}
