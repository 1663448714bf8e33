package dev.examsessions.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scores an exam's answers against the answer key, overall and per domain. */
final class Scoring {
    static final String NO_DOMAIN = "General";

    private Scoring() {
    }

    static ExamResult score(List<Long> questionIds, Map<Long, String> answers, Map<Long, QuestionKey> keys,
                            Instant finishedAt) {
        int correct = 0;
        Map<String, int[]> byDomain = new TreeMap<>();
        for (Long id : questionIds) {
            QuestionKey key = keys.get(id);
            String domain = key == null || key.domain() == null || key.domain().isBlank() ? NO_DOMAIN : key.domain();
            boolean right = key != null && key.correctKey().equals(answers.get(id));
            int[] tally = byDomain.computeIfAbsent(domain, d -> new int[2]);
            tally[1]++;
            if (right) {
                tally[0]++;
                correct++;
            }
        }
        int total = questionIds.size();
        double percent = total == 0 ? 0 : Math.round(correct * 1000.0 / total) / 10.0;
        Map<String, DomainScore> domains = new TreeMap<>();
        byDomain.forEach((d, t) -> domains.put(d, new DomainScore(t[0], t[1])));
        return new ExamResult(correct, total, percent, finishedAt, domains);
    }
}
