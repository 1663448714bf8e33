package dev.examsessions.domain.model;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** Break state of one exam: the running break (if any) and the checkpoints already used. */
public record Pauses(Instant pauseUntil, Integer activeCheckpoint, Set<Integer> consumed) {
    public Pauses {
        consumed = java.util.Collections.unmodifiableSet(new TreeSet<>(consumed));
    }

    public static Pauses none() {
        return new Pauses(null, null, Set.of());
    }

    public boolean isPaused(Instant now) {
        return pauseUntil != null && now.isBefore(pauseUntil);
    }
}
