package dev.examsessions.domain.fakes;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import dev.examsessions.domain.port.QuestionBank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questions with ids {@code first..first+count-1}, options A–D, correct key "A" (or the one given to
 * {@link #keyed}) explained as "Because A." (or "Because B.", …), domains cycling through the given names.
 */
public final class FakeQuestionBank implements QuestionBank {
    private final Map<Long, Question> questions = new LinkedHashMap<>();

    public FakeQuestionBank(long first, int count, String... domains) {
        this("A", first, count, domains);
    }

    /** Like the constructor, with {@code key} (one of A–D) as every question's correct choice. */
    public static FakeQuestionBank keyed(String key, long first, int count, String... domains) {
        return new FakeQuestionBank(key, first, count, domains);
    }

    private FakeQuestionBank(String key, long first, int count, String[] domains) {
        for (int i = 0; i < count; i++) {
            long id = first + i;
            String domain = domains.length == 0 ? null : domains[i % domains.length];
            questions.put(id, new Question(id, "Question " + id,
                    List.of(new Question.Option("A", "a"), new Question.Option("B", "b"),
                            new Question.Option("C", "c"), new Question.Option("D", "d")),
                    key, "Because " + key + ".", domain));
        }
    }

    @Override
    public Optional<Question> question(long id) {
        return Optional.ofNullable(questions.get(id));
    }

    @Override
    public List<Long> sample(ExamType type, int count) {
        if (count > questions.size()) {
            throw new ExamException(ErrorCode.NOT_ENOUGH_QUESTIONS, "only " + questions.size() + " questions");
        }
        return new ArrayList<>(questions.keySet()).subList(0, count);
    }
}
