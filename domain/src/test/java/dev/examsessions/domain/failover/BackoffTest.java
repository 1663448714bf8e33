package dev.examsessions.domain.failover;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    /** Always draws the smallest or the largest value a bounded draw allows. */
    private static RandomGenerator fixed(boolean max) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return max ? bound - 1 : 0;
            }
        };
    }

    private static long ceiling(Backoff b, int attempt) {
        return Math.min(b.cap().toMillis(), b.base().toMillis() << Math.min(attempt, 30));
    }

    @Test
    void everyDelayLiesWithinHalfToFullOfTheCappedExponential() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 0; attempt < 40; attempt++) {
            long d = ceiling(b, attempt);
            for (int i = 0; i < 500; i++) {
                long ms = b.delay(attempt, random).toMillis();
                assertTrue(ms >= d / 2 && ms <= d, "attempt " + attempt + ": " + ms + " not in [" + d / 2 + ", " + d + "]");
            }
        }
    }

    @Test
    void theBoundsAreReachedAndGrowUntilTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        long[] expectedMax = {200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
        for (int attempt = 0; attempt < expectedMax.length; attempt++) {
            assertEquals(expectedMax[attempt], b.delay(attempt, fixed(true)).toMillis(), "max at " + attempt);
            assertEquals(expectedMax[attempt] / 2, b.delay(attempt, fixed(false)).toMillis(), "min at " + attempt);
        }
        for (int attempt = 0; attempt < 6; attempt++) {
            assertTrue(b.delay(attempt + 1, fixed(false)).compareTo(b.delay(attempt, fixed(false))) > 0);
        }
    }

    @Test
    void largeAttemptNumbersStayCapped() {
        Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));
        for (int attempt : new int[] {3, 30, 31, 63, 64, 1000, Integer.MAX_VALUE}) {
            long ms = b.delay(attempt, fixed(true)).toMillis();
            assertEquals(50, ms, "attempt " + attempt);
            assertEquals(25, b.delay(attempt, fixed(false)).toMillis());
        }
        Backoff huge = new Backoff(Duration.ofDays(365), Duration.ofSeconds(10));
        assertEquals(10_000, huge.delay(30, fixed(true)).toMillis());
        assertTrue(huge.delay(30, new SplittableRandom(1)).toMillis() <= 10_000);
    }

    @Test
    void theDefaultStartsSmallAndCapsAtTenSeconds() {
        assertEquals(Duration.ofMillis(200), Backoff.DEFAULT.base());
        assertEquals(10_000, Backoff.DEFAULT.delay(100, fixed(true)).toMillis());
    }
}
