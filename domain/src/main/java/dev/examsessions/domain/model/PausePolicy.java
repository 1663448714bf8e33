package dev.examsessions.domain.model;

import java.time.Duration;
import java.util.List;

/** The optional breaks of an exam type: checkpoints (answered-question counts) and each break's length. */
public record PausePolicy(List<Integer> checkpoints, long durationMs) {
    public PausePolicy {
        checkpoints = List.copyOf(checkpoints);
        if (durationMs <= 0) {
            throw new IllegalArgumentException("pause duration must be positive");
        }
    }

    /** How long one break lasts. */
    Duration length() {
        return Duration.ofMillis(durationMs);
    }

    public static PausePolicy none() {
        return new PausePolicy(List.of(), 1);
    }
}
