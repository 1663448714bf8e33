package dev.examsessions.domain.model;

import java.time.Duration;

/** A catalog entry: how many questions an exam of this type has, how long it lasts, its breaks. */
public record ExamType(String id, String title, int questionCount, int durationMinutes, PausePolicy pausePolicy) {
    public ExamType {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("exam type id is required");
        }
        if (questionCount < 1 || durationMinutes < 1) {
            throw new IllegalArgumentException("exam type " + id + " needs positive questionCount and durationMinutes");
        }
        if (pausePolicy == null) {
            pausePolicy = PausePolicy.none();
        }
    }

    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }
}
