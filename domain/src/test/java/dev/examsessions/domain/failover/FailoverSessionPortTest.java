package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreState;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.fakes.FakeSessionPort;
import dev.examsessions.domain.fakes.MutableClock;
import dev.examsessions.domain.fakes.StoreEventsRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fallback decorator over a fake primary that can be switched off and a memory-like fake fallback. */
class FailoverSessionPortTest {
    /** Long enough that the background reconnect never interferes with a test driving tryReconnect by hand. */
    static final Backoff MANUAL = new Backoff(Duration.ofHours(1), Duration.ofHours(1));
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));
    static final ExamType MINI = new ExamType("mini", "Mini", 3, 60, new PausePolicy(List.of(2), 60_000));

    final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    final FakeSessionPort primary = new FakeSessionPort("redis", clock);
    final FakeSessionPort memory = new FakeSessionPort("memory", clock);
    final List<FailoverSessionPort> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FailoverSessionPort::close);
    }

    FailoverSessionPort failover(SessionPort fallback, FallbackMode mode, Backoff backoff) {
        FailoverSessionPort port = new FailoverSessionPort(primary, fallback, mode, "Redis", backoff, clock);
        opened.add(port);
        return port;
    }

    ExamSession session(long version) {
        return ExamSession.start(SessionId.newId(), 1, MINI, ExamMode.EXAM, List.of(1L, 2L, 3L), clock.instant())
                .withAttemptId(9).withVersion(version);
    }

    @Test
    void callsGoToThePrimaryWhileItAnswers() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);

        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
        assertEquals(Optional.empty(), memory.peek(s.sessionId()));
        assertTrue(port.extend(s.sessionId(), Duration.ofMinutes(5)));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(5))), port.expiresAt(s.sessionId()));
        assertFalse(port.isOnFallback());
        assertTrue(port.ping());
        assertDoesNotThrow(port::requireServing);
        assertTrue(port.delete(s.sessionId()));
        assertEquals(Optional.empty(), primary.peek(s.sessionId()));
    }

    @Test
    void aFailingPrimarySwitchesToTheFallbackWhichKeepsServing() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;

        assertEquals(Optional.empty(), port.get(s.sessionId()), "the failing call is answered by the fallback");
        assertTrue(port.isOnFallback());
        assertFalse(port.ping());
        assertDoesNotThrow(port::requireServing);

        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
        assertEquals(Optional.of(s), memory.peek(s.sessionId()));
        ExamSession updated = port.update(s.sessionId(), x -> x.flag(1, true, clock.instant())).orElseThrow();
        assertEquals(2, updated.version());
        assertEquals(Set.of(1L), port.get(s.sessionId()).orElseThrow().flags());

        primary.down = false;
        assertEquals(Optional.of(updated), port.get(s.sessionId()), "still on the fallback until reconnected");
        assertEquals(Optional.empty(), primary.peek(s.sessionId()));
    }

    @Test
    void realTimePassingDoesNotProbeThePrimaryBeforeTheInjectedClockSaysSo() throws InterruptedException {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.get(s.sessionId());
        port.requireServing(); // probes, and fails
        assertTrue(port.putIfNewer(s));
        primary.down = false;

        // Not synchronisation: a GC pause or a slow CI machine, longer than the probe interval in real time.
        Thread.sleep(Reconnector.PROBE_INTERVAL.toMillis() + 50);

        assertEquals(Optional.of(s), port.get(s.sessionId()));
        assertTrue(port.isOnFallback(), "no probe: the injected clock has not moved");
        assertEquals(Optional.empty(), primary.peek(s.sessionId()));
    }

    @Test
    void requestsProbeThePrimaryOncePerIntervalOfTheInjectedClock() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.get(s.sessionId());
        port.requireServing(); // probes, and fails
        assertTrue(port.putIfNewer(s));
        primary.down = false;

        clock.advance(Reconnector.PROBE_INTERVAL.minusMillis(1));
        port.get(s.sessionId());
        assertTrue(port.isOnFallback(), "not yet due");

        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
        assertFalse(port.isOnFallback(), "due: the request probed and reconnected");
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
    }

    @Test
    void aClockSetBackDoesNotHoldProbesOff() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.get(s.sessionId());
        port.requireServing(); // probes, and fails
        primary.down = false;

        clock.advance(Duration.ofHours(-1));
        port.get(s.sessionId());
        assertFalse(port.isOnFallback());
    }

    @Test
    void aFailingWriteIsRetriedOnTheFallback() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.put(s, Duration.ofMinutes(10));
        assertTrue(port.isOnFallback());
        assertEquals(Optional.of(s), memory.peek(s.sessionId()));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(10))), memory.peekExpiry(s.sessionId()));
    }

    @Test
    void aWriteFindingThePrimaryBusyIsTriedThereAgainWithoutFallingBack() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        AtomicInteger busyLeft = new AtomicInteger(FailoverSessionPort.BUSY_WRITE_TRIES - 1);
        primary.onWrite = w -> {
            if (busyLeft.getAndDecrement() > 0) {
                throw new SessionStoreBusy("no free connection", null);
            }
        };
        port.put(s, Duration.ofMinutes(10));
        assertFalse(port.isOnFallback(), "a busy primary is load, not an outage");
        assertEquals(FailoverSessionPort.BUSY_WRITE_TRIES, primary.writes.get());
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
        assertEquals(Optional.empty(), memory.peek(s.sessionId()));
    }

    @Test
    void aWriteFindingThePrimaryBusyEveryTimeIsKeptByTheFallback() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.onWrite = w -> {
            throw new SessionStoreBusy("no free connection", null);
        };
        port.put(s, Duration.ofMinutes(10));
        assertEquals(FailoverSessionPort.BUSY_WRITE_TRIES, primary.writes.get());
        assertTrue(port.isOnFallback(), "the change must land somewhere");
        assertEquals(Optional.of(s), memory.peek(s.sessionId()));
    }

    @Test
    void failModeRefusesWhileThePrimaryIsDown() {
        FailoverSessionPort port = failover(new UnavailableSessionPort(), FallbackMode.FAIL, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;

        StoreUnavailable e = assertThrows(StoreUnavailable.class, () -> port.get(s.sessionId()));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.code());
        assertTrue(port.isOnFallback());
        assertThrows(StoreUnavailable.class, port::requireServing);
        assertThrows(StoreUnavailable.class, () -> port.putIfNewer(s));
        assertEquals(FallbackMode.FAIL, port.mode());

        assertFalse(port.tryReconnect());
        assertThrows(StoreUnavailable.class, port::requireServing);
        primary.down = false;
        assertTrue(port.tryReconnect());
        assertDoesNotThrow(port::requireServing);
        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
    }

    @Test
    void databaseModeKeepsNoCopies() {
        FailoverSessionPort port = failover(new NoCopySessionPort(), FallbackMode.DATABASE, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;

        assertEquals(Optional.empty(), port.get(s.sessionId()));
        assertTrue(port.isOnFallback());
        assertDoesNotThrow(port::requireServing);
        assertFalse(port.putIfNewer(s));
        assertEquals(Optional.empty(), port.get(s.sessionId()), "every read goes back to the attempt");
        assertEquals(Optional.empty(), port.update(s.sessionId(), x -> x));
        assertFalse(port.extend(s.sessionId(), Duration.ofMinutes(1)));
        assertEquals(Optional.empty(), port.expiresAt(s.sessionId()));

        primary.down = false;
        assertTrue(port.tryReconnect());
        assertEquals(Optional.empty(), primary.peek(s.sessionId()), "nothing to copy back");
    }

    @Test
    void tryReconnectReportsWhetherThePrimaryIsBack() {
        primary.down = true;
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        assertTrue(port.isOnFallback());
        assertFalse(port.tryReconnect());
        assertFalse(port.tryReconnect());
        assertTrue(port.isOnFallback());

        primary.down = false;
        assertTrue(port.tryReconnect());
        assertFalse(port.isOnFallback());
        assertTrue(port.tryReconnect(), "already connected");
    }

    @Test
    void memoryModeCopiesTheFallbacksSessionsBackWithTheirRemainingTtl() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession onlyInMemory = session(3);
        ExamSession newerInMemory = session(7);
        ExamSession olderInMemory = session(2);
        ExamSession expiring = session(1);
        primary.put(newerInMemory.withVersion(6), Duration.ofHours(6));
        primary.put(olderInMemory.withVersion(5), Duration.ofHours(6));
        Instant primaryExpiry = primary.peekExpiry(newerInMemory.sessionId()).orElseThrow();
        primary.down = true;

        port.putIfNewer(onlyInMemory, Duration.ofMinutes(30));
        assertTrue(port.isOnFallback());
        port.putIfNewer(newerInMemory, Duration.ofMinutes(30));
        port.putIfNewer(olderInMemory, Duration.ofMinutes(30));
        port.putIfNewer(expiring, Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(10));

        primary.down = false;
        assertTrue(port.tryReconnect());

        assertEquals(Optional.of(onlyInMemory), primary.peek(onlyInMemory.sessionId()));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(20))), primary.peekExpiry(onlyInMemory.sessionId()),
                "the remaining TTL travels with it");
        assertEquals(Optional.of(newerInMemory), primary.peek(newerInMemory.sessionId()));
        assertEquals(Optional.of(primaryExpiry), primary.peekExpiry(newerInMemory.sessionId()), "putIfNewer keeps the TTL");
        assertEquals(5, primary.peek(olderInMemory.sessionId()).orElseThrow().version(), "a newer primary copy wins");
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(5))), primary.peekExpiry(expiring.sessionId()));
        assertTrue(memory.entries().isEmpty(), "the copied sessions leave memory");
        assertEquals(Optional.of(onlyInMemory), port.get(onlyInMemory.sessionId()));
    }

    @Test
    void aPrimaryFailingAgainDuringTheCopyBackIsNotBack() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.putIfNewer(s);
        primary.down = false;
        primary.failPuts = true; // answers pings, fails writes

        assertFalse(port.tryReconnect());
        assertTrue(port.isOnFallback());
        assertEquals(Optional.of(s), memory.peek(s.sessionId()), "nothing is lost from memory");
        assertEquals(Optional.of(s), port.get(s.sessionId()));

        primary.failPuts = false;
        assertTrue(port.tryReconnect());
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
    }

    @Test
    void expiredFallbackEntriesAreNotCopiedBack() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.putIfNewer(s, Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        primary.down = false;
        assertTrue(port.tryReconnect());
        assertEquals(Optional.empty(), primary.peek(s.sessionId()));
    }

    @Test
    void startFallsBackAtOnceWhenThePrimaryDoesNotAnswer() {
        primary.down = true;
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        assertTrue(port.isOnFallback());
        ExamSession s = session(1);
        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(s), memory.peek(s.sessionId()));

        FakeSessionPort other = new FakeSessionPort("memory", clock);
        FailoverSessionPort healthy = new FailoverSessionPort(new FakeSessionPort("redis", clock), other,
                FallbackMode.MEMORY, "Redis", MANUAL, clock);
        opened.add(healthy);
        assertFalse(healthy.start().isOnFallback());
    }

    @Test
    void theBackgroundReconnectBringsThePrimaryBack() {
        primary.down = true;
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, FAST).start();
        ExamSession s = session(4);
        port.putIfNewer(s);
        assertTrue(port.isOnFallback());
        primary.down = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> !port.isOnFallback());
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
        assertEquals(false, port.stats().details().get("onFallback"));
        assertTrue(memory.entries().isEmpty());
    }

    @Test
    void theBackgroundReconnectRetriesUntilThePrimaryIsBack() {
        primary.down = true;
        PingCounter counting = new PingCounter(primary);
        FailoverSessionPort port = new FailoverSessionPort(counting, memory, FallbackMode.MEMORY, "Redis", FAST, clock);
        opened.add(port);
        port.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> counting.pings.get() >= 4);
        assertTrue(port.isOnFallback());
        primary.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> !port.isOnFallback());
    }

    @Test
    void statsReportWhetherTheFallbackServes() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        SessionStoreStats up = port.stats();
        assertEquals("redis", up.backend());
        assertTrue(up.available());
        assertEquals(false, up.details().get("onFallback"));
        assertEquals("memory", up.details().get("fallback"));
        assertEquals(true, up.details().get("fake"), "the primary's own details are kept");

        primary.down = true;
        port.putIfNewer(session(1));
        port.putIfNewer(session(1));
        SessionStoreStats down = port.stats();
        assertEquals("redis", down.backend());
        assertFalse(down.available());
        assertEquals(2, down.sessionCount());
        assertEquals(Map.of("fallback", "memory", "onFallback", true, "servingFrom", "memory"), down.details());
    }

    @Test
    void statsThemselvesNoticeAnUnreachablePrimary() {
        FailoverSessionPort port = failover(new NoCopySessionPort(), FallbackMode.DATABASE, MANUAL).start();
        primary.down = true;
        SessionStoreStats s = port.stats();
        assertTrue(port.isOnFallback());
        assertFalse(s.available());
        assertEquals("database", s.details().get("fallback"));
        assertEquals("database", s.details().get("servingFrom"));
    }

    /** Counts pings on its way to the delegate. */
    static final class PingCounter implements SessionPort {
        final SessionPort delegate;
        final AtomicInteger pings = new AtomicInteger();

        PingCounter(SessionPort delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean ping() {
            pings.incrementAndGet();
            return delegate.ping();
        }

        @Override
        public void put(ExamSession session, Duration ttl) {
            delegate.put(session, ttl);
        }

        @Override
        public Optional<ExamSession> get(SessionId id) {
            return delegate.get(id);
        }

        @Override
        public Optional<ExamSession> update(SessionId id, java.util.function.UnaryOperator<ExamSession> change) {
            return delegate.update(id, change);
        }

        @Override
        public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
            return delegate.putIfNewer(session, ttlIfAbsent);
        }

        @Override
        public boolean putIfNewer(ExamSession session) {
            return delegate.putIfNewer(session);
        }

        @Override
        public boolean putFinished(ExamSession finished, Duration ttl) {
            return delegate.putFinished(finished, ttl);
        }

        @Override
        public boolean invalidate(SessionId id, long version, Duration ttl) {
            return delegate.invalidate(id, version, ttl);
        }

        @Override
        public boolean delete(SessionId id) {
            return delegate.delete(id);
        }

        @Override
        public boolean extend(SessionId id, Duration ttl) {
            return delegate.extend(id, ttl);
        }

        @Override
        public Optional<Instant> expiresAt(SessionId id) {
            return delegate.expiresAt(id);
        }

        @Override
        public SessionStoreStats stats() {
            return delegate.stats();
        }
    }

    @Test
    void databaseModeMarksCopiesChangedDuringTheOutageStaleWhenThePrimaryReturns() {
        FailoverSessionPort port = failover(new NoCopySessionPort(), FallbackMode.DATABASE, MANUAL).start();
        ExamSession old = session(3);
        primary.seed(old, Duration.ofHours(1));
        primary.down = true;
        // Written while away: only the attempt record has version 4; the primary keeps (or regains) version 3.
        assertFalse(port.putIfNewer(old.withVersion(4)));
        assertTrue(port.isOnFallback());
        primary.down = false;

        assertTrue(port.tryReconnect());
        assertEquals(Optional.empty(), primary.peek(old.sessionId()), "the stale copy reads as missing, to be rebuilt");
        assertEquals(4, primary.peekMarker(old.sessionId()), "up to the version written while away");
        assertEquals(0, primary.deletes.get(), "no delete: an older write still in flight could recreate the copy");
        assertFalse(port.putIfNewer(old), "such a write is refused");
        assertTrue(port.putIfNewer(old.withVersion(4)), "the rebuild from the attempt is not");
    }

    @Test
    void aWriteThatReachedTheFallbackWhileThePrimaryCameBackIsStillMarked() {
        FailoverSessionPort port = failover(memory, FallbackMode.DATABASE, MANUAL).start();
        ExamSession old = session(3);
        primary.seed(old, Duration.ofHours(1));
        primary.down = true;
        port.get(old.sessionId());
        assertTrue(port.isOnFallback());
        // the primary returns, and the reconnection runs, while this write is on its way into the fallback
        memory.onWrite = written -> {
            memory.onWrite = s -> { };
            memory.drop(written.sessionId()); // a store keeping nothing, as in database mode
            primary.down = false;
            assertTrue(port.tryReconnect());
        };

        assertTrue(port.putIfNewer(old.withVersion(4)));

        assertFalse(port.isOnFallback());
        assertEquals(4, primary.peekMarker(old.sessionId()), "marked although the reconnection had passed");
        assertFalse(port.putIfNewer(old));
    }

    @Test
    void memoryModeKeepsTheCopiedBackSessions() {
        FailoverSessionPort port = failover(memory, FallbackMode.MEMORY, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.putIfNewer(s);
        primary.down = false;

        assertTrue(port.tryReconnect());
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
    }

    @Test
    void failModeFindsTheOutageBeforeAnythingIsCommitted() {
        FailoverSessionPort port = failover(new UnavailableSessionPort(), FallbackMode.FAIL, MANUAL).start();
        assertDoesNotThrow(port::requireServing);
        primary.down = true;
        assertThrows(StoreUnavailable.class, port::requireServing);
        assertTrue(port.isOnFallback());
    }

    @Test
    void aRequestProbesThePrimaryWithoutWaitingForTheBackoff() {
        FailoverSessionPort port = failover(new NoCopySessionPort(), FallbackMode.DATABASE, MANUAL).start();
        ExamSession s = session(1);
        primary.down = true;
        port.get(s.sessionId());
        assertTrue(port.isOnFallback());
        primary.down = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            port.get(s.sessionId());
            return !port.isOnFallback();
        });
        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(s), primary.peek(s.sessionId()));
    }

    @Test
    void reportsStateChangesErrorsAndDroppedStaleCopies() {
        StoreEventsRecorder reported = new StoreEventsRecorder();
        FailoverSessionPort port = new FailoverSessionPort(primary, new NoCopySessionPort(), FallbackMode.DATABASE,
                "Redis", MANUAL, clock, reported).start();
        opened.add(port);
        assertEquals(SessionStoreState.UP, port.state());
        ExamSession s = session(3);
        primary.seed(s, Duration.ofHours(1));
        primary.down = true;

        port.putIfNewer(s.withVersion(4));
        port.get(s.sessionId());
        assertEquals(SessionStoreState.FALLBACK, port.state());
        primary.down = false;
        assertTrue(port.tryReconnect());

        assertEquals(List.of(SessionStoreState.FALLBACK, SessionStoreState.UP), reported.states);
        assertEquals(1, reported.errors.get(), "only the call that found the outage failed on the primary");
        assertEquals(1, reported.staleDropped.get());
        assertEquals(SessionStoreState.UP, port.state());
    }

    @Test
    void failModeReportsRefusing() {
        StoreEventsRecorder reported = new StoreEventsRecorder();
        primary.down = true;
        FailoverSessionPort port = new FailoverSessionPort(primary, new UnavailableSessionPort(), FallbackMode.FAIL,
                "Redis", MANUAL, clock, reported).start();
        opened.add(port);
        assertEquals(SessionStoreState.REFUSING, port.state());
        assertEquals(List.of(SessionStoreState.REFUSING), reported.states);
    }
}
