package dev.examsessions.domain.model;

import java.util.Locale;
import java.util.Optional;

/** Timed exam with breaks and section lock, or untimed practice that reveals correctness. */
public enum ExamMode {
    EXAM, PRACTICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExamMode> fromWire(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        for (ExamMode mode : values()) {
            if (mode.wireName().equals(raw)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
