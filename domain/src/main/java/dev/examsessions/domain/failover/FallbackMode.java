package dev.examsessions.domain.failover;

import java.util.Locale;
import java.util.Optional;

/** What serves session copies while the primary store is unreachable. */
public enum FallbackMode {
    /** No instance-local copies: every read rebuilds from the attempt record. */
    DATABASE,
    /** Copies in this instance's memory, copied back to the primary when it returns. */
    MEMORY,
    /** Refuse with STORE_UNAVAILABLE until the primary returns. */
    FAIL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FallbackMode> fromWire(String raw) {
        for (FallbackMode m : values()) {
            if (m.wireName().equals(raw)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
