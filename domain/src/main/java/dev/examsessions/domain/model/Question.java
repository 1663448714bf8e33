package dev.examsessions.domain.model;

import java.util.List;

/** One question of the bank: text, options, the correct key, an explanation and an optional domain. */
public record Question(long id, String text, List<Option> options, String correctKey, String explanation, String domain) {
    public Question {
        options = List.copyOf(options);
    }

    /** One answer option. */
    public record Option(String key, String text) {
    }

    public QuestionKey key() {
        return new QuestionKey(id, options.stream().map(Option::key).toList(), correctKey, domain);
    }
}
