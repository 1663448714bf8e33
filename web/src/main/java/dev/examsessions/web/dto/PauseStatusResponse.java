package dev.examsessions.web.dto;

import dev.examsessions.domain.model.ExamSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Break state of an exam (API.md {@code PauseStatus}, the original endpoint's shape). */
public record PauseStatusResponse(boolean paused, Long pauseUntil, long remainingPauseMs, List<Integer> consumed,
                                  Integer nextCheckpoint, boolean canPause, long serverTime) {
    public static PauseStatusResponse from(ExamSession s, Instant now) {
        Instant until = s.pauseUntil(now).orElse(null);
        long remaining = until == null ? 0 : Math.max(0, Duration.between(now, until).toMillis());
        List<Integer> consumed = s.isTimed() ? List.copyOf(s.pauses().consumed()) : List.of();
        return new PauseStatusResponse(until != null, Millis.of(until), remaining, consumed,
                s.nextCheckpoint().orElse(null), s.canPause(now), now.toEpochMilli());
    }
}
