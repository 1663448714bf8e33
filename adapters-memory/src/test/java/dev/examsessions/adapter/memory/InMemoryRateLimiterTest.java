package dev.examsessions.adapter.memory;

import dev.examsessions.domain.fakes.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
    private final InMemoryRateLimiter limiter = InMemoryRateLimiter.create(3, Duration.ofMinutes(1), clock);

    @Test
    void allowsTheLimitThenAnswersTheWait() {
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        clock.advance(Duration.ofSeconds(5));

        // the first event leaves the window 60 s after it happened, 45 s from now
        assertEquals(Optional.of(Duration.ofSeconds(45)), limiter.tryAcquire("u1"));
        assertEquals(Optional.of(Duration.ofSeconds(45)), limiter.tryAcquire("u1"), "refusals are not counted");
    }

    @Test
    void allowsAgainOnceTheWindowHasPassed() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        }
        Duration wait = limiter.tryAcquire("u1").orElseThrow();
        clock.advance(wait.minusMillis(1));
        assertEquals(Optional.of(Duration.ofMillis(1)), limiter.tryAcquire("u1"));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), limiter.tryAcquire("u1"));
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("u1");
        }
        assertEquals(true, limiter.tryAcquire("u1").isPresent());
        assertEquals(Optional.empty(), limiter.tryAcquire("u2"));
        clock.advance(Duration.ofHours(2));
        assertEquals(Optional.empty(), limiter.tryAcquire("u1"));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> InMemoryRateLimiter.create(0, Duration.ofMinutes(1), clock));
        assertThrows(IllegalArgumentException.class, () -> InMemoryRateLimiter.create(5, Duration.ZERO, clock));
    }
}
