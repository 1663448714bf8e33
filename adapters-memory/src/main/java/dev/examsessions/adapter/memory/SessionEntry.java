package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamSession;

import java.time.Instant;

/**
 * A stored session, or a stale marker ({@code session == null}) refusing versions below {@code version}, and
 * the instant (epoch nanoseconds on the clock) it expires.
 */
record SessionEntry(ExamSession session, long version, long expiresAtNanos) {
    static SessionEntry copy(ExamSession session, long expiresAtNanos) {
        return new SessionEntry(session, session.version(), expiresAtNanos);
    }

    static SessionEntry marker(long version, long expiresAtNanos) {
        return new SessionEntry(null, version, expiresAtNanos);
    }

    boolean isMarker() {
        return session == null;
    }

    /** Whether a write of {@code newVersion} may replace this entry. */
    boolean yieldsTo(long newVersion) {
        return isMarker() ? newVersion >= version : newVersion > version;
    }

    Instant expiresAt() {
        return Instant.ofEpochSecond(0, expiresAtNanos);
    }

    boolean isLiveAt(long nowNanos) {
        return expiresAtNanos > nowNanos;
    }
}
