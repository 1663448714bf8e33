package dev.examsessions.adapter.redis;

import java.time.Duration;

/** The one check of a duration argument this module needs. */
final class Durations {
    private Durations() {
    }

    /** {@code d} when it is above zero; otherwise an {@link IllegalArgumentException} naming {@code name}. */
    static Duration requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
        return d;
    }
}
