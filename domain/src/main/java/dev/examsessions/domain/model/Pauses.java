package dev.examsessions.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

    /** Highest checkpoint already used, 0 when none: the questions up to it are locked. */
    int lockedThrough() {
        return consumed.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Smallest checkpoint of {@code policy} not yet used. */
    Optional<Integer> nextUnused(PausePolicy policy) {
        return policy.checkpoints().stream().filter(c -> !consumed.contains(c)).sorted().findFirst();
    }

    /** Some unused checkpoint of {@code policy} is reached with {@code answered} answers. */
    boolean anyReached(PausePolicy policy, int answered) {
        return policy.checkpoints().stream().anyMatch(c -> !consumed.contains(c) && answered >= c);
    }

    /**
     * The break at {@code checkpoint}, running from {@code now} for the policy's length, the checkpoint used;
     * refused unless it is a checkpoint of {@code policy}, unused and reached with {@code answered} answers.
     */
    Pauses start(PausePolicy policy, int checkpoint, int answered, Instant now) {
        if (!policy.checkpoints().contains(checkpoint)) {
            throw Refusals.notACheckpoint(checkpoint, policy.checkpoints());
        }
        if (consumed.contains(checkpoint)) {
            throw Refusals.checkpointConsumed(checkpoint);
        }
        if (answered < checkpoint) {
            throw Refusals.checkpointNotReached(checkpoint, answered);
        }
        Set<Integer> used = new TreeSet<>(consumed);
        used.add(checkpoint);
        return new Pauses(now.plus(policy.length()), checkpoint, used);
    }

    /** No break running; the used checkpoints stay used. */
    Pauses ended() {
        return new Pauses(null, null, consumed);
    }

    /** What is left of the running break at {@code now}. */
    Duration unusedAt(Instant now) {
        return Duration.between(now, pauseUntil);
    }
}
