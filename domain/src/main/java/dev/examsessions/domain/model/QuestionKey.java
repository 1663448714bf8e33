package dev.examsessions.domain.model;

import java.util.List;

/** What scoring and answer validation need of a question: its option keys, the correct key and its domain. */
public record QuestionKey(long questionId, List<String> optionKeys, String correctKey, String domain) {
    public QuestionKey {
        optionKeys = List.copyOf(optionKeys);
    }
}
