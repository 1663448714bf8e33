package dev.examsessions.domain.failover;

import dev.examsessions.domain.fakes.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reconnector's pacing: probes by the injected clock, background attempts until one succeeds. */
class ReconnectorTest {
    static final Backoff MANUAL = new Backoff(Duration.ofHours(1), Duration.ofHours(1));
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));

    final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    final AtomicInteger attempts = new AtomicInteger();
    Reconnector reconnector;

    Reconnector reconnector(Backoff backoff, BooleanSupplier outcome) {
        reconnector = new Reconnector("Redis", backoff, clock, () -> {
            attempts.incrementAndGet();
            return outcome.getAsBoolean();
        });
        return reconnector;
    }

    @AfterEach
    void close() {
        reconnector.close();
    }

    @Test
    void probesAtMostOncePerIntervalOfTheInjectedClock() {
        Reconnector r = reconnector(MANUAL, () -> false);
        r.probeIfDue();
        r.probeIfDue();
        assertEquals(1, attempts.get(), "the first probe is due at once, the second not yet");

        clock.advance(Reconnector.PROBE_INTERVAL.minusMillis(1));
        r.probeIfDue();
        assertEquals(1, attempts.get());

        clock.advance(Duration.ofMillis(1));
        r.probeIfDue();
        r.probeIfDue();
        assertEquals(2, attempts.get());
    }

    @Test
    void realTimeAloneDoesNotMakeAProbeDue() throws InterruptedException {
        Reconnector r = reconnector(MANUAL, () -> false);
        r.probeIfDue();
        Thread.sleep(Reconnector.PROBE_INTERVAL.toMillis() + 50);
        r.probeIfDue();
        assertEquals(1, attempts.get());
    }

    @Test
    void aClockSetBackLetsTheNextProbeThrough() {
        Reconnector r = reconnector(MANUAL, () -> false);
        r.probeIfDue();
        clock.advance(Duration.ofHours(-1));
        r.probeIfDue();
        assertEquals(2, attempts.get());
    }

    @Test
    void aProbeThatThrowsFailsQuietly() {
        Reconnector r = reconnector(MANUAL, () -> {
            throw new IllegalStateException("boom");
        });
        assertDoesNotThrow(r::probeIfDue);
        assertEquals(1, attempts.get());
    }

    @Test
    void theBackgroundRetriesUntilAnAttemptSucceedsThenStops() throws InterruptedException {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Reconnector r = reconnector(FAST, () -> failuresLeft.getAndDecrement() <= 0);
        r.retryInBackground();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 4);
        Thread.sleep(200); // longer than the backoff's cap: a fifth attempt would have run
        assertEquals(4, attempts.get());
    }

    @Test
    void anAttemptThatThrowsIsRetried() {
        AtomicInteger throwsLeft = new AtomicInteger(2);
        Reconnector r = reconnector(FAST, () -> {
            if (throwsLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("boom");
            }
            return true;
        });
        r.retryInBackground();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3);
    }

    @Test
    void atMostOneBackgroundAttemptIsPending() throws InterruptedException {
        Reconnector r = reconnector(FAST, () -> true);
        for (int i = 0; i < 10; i++) {
            r.retryInBackground();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 1);
        Thread.sleep(200);
        assertEquals(1, attempts.get());
    }

    @Test
    void aClosedReconnectorSchedulesNothing() throws InterruptedException {
        Reconnector r = reconnector(FAST, () -> true);
        r.close();
        assertDoesNotThrow(r::retryInBackground);
        Thread.sleep(200);
        assertEquals(0, attempts.get());
    }
}
