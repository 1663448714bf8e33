package dev.examsessions.domain.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The score of a finished exam, overall and per domain. */
public record ExamResult(int correct, int total, double scorePercent, Instant finishedAt, Map<String, DomainScore> byDomain) {
    public ExamResult {
        byDomain = Collections.unmodifiableMap(new LinkedHashMap<>(byDomain));
    }
}
