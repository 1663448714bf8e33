package dev.examsessions.domain.failover;

import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.fakes.FakeSessionPort;
import dev.examsessions.domain.fakes.MutableClock;
import dev.examsessions.domain.fakes.StoreEventsRecorder;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.SessionStoreState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fallback mode's recovery on its own, against a fake primary. */
class OutageRecoveryTest {
    final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    final FakeSessionPort primary = new FakeSessionPort("redis", clock);
    final FakeSessionPort memory = new FakeSessionPort("memory", clock);
    final StoreEventsRecorder events = new StoreEventsRecorder();
    final List<StoreUnavailable> lost = new ArrayList<>();

    ExamSession session(long version) {
        return ExamSession.start(SessionId.newId(), 1, FailoverSessionPortTest.MINI, ExamMode.EXAM,
                List.of(1L, 2L, 3L), clock.instant()).withAttemptId(9).withVersion(version);
    }

    @Test
    void eachModeHasItsRecoveryStateAndTheSeedsWording() {
        OutageRecovery memoryMode = OutageRecovery.of(FallbackMode.MEMORY, memory, clock, ExamEvents.NONE);
        OutageRecovery databaseMode = OutageRecovery.of(FallbackMode.DATABASE, new NoCopySessionPort(), clock, ExamEvents.NONE);
        OutageRecovery failMode = OutageRecovery.of(FallbackMode.FAIL, new UnavailableSessionPort(), clock, ExamEvents.NONE);

        assertInstanceOf(CopyBackFromMemory.class, memoryMode);
        assertInstanceOf(MarkChangedCopiesStale.class, databaseMode);
        assertInstanceOf(RefuseWhileDown.class, failMode);
        assertEquals("falling back to in-memory storage", memoryMode.fallingBackTo());
        assertEquals("falling back to the attempt record (database)", databaseMode.fallingBackTo());
        assertEquals("refusing requests (STORE_UNAVAILABLE) until it is back", failMode.fallingBackTo());
        assertEquals(SessionStoreState.FALLBACK, memoryMode.stateWhileAway());
        assertEquals(SessionStoreState.FALLBACK, databaseMode.stateWhileAway());
        assertEquals(SessionStoreState.REFUSING, failMode.stateWhileAway());
        assertFalse(memoryMode.pingsBeforeEachRequest());
        assertFalse(databaseMode.pingsBeforeEachRequest());
        assertTrue(failMode.pingsBeforeEachRequest(), "fail mode finds an outage before anything is committed");
        assertEquals("0 copies changed meanwhile marked stale, to be rebuilt", failMode.catchUp(primary, lost::add));
    }

    @Test
    void copyBackMovesLiveSessionsIntoThePrimaryAndSaysHowMany() {
        CopyBackFromMemory recovery = new CopyBackFromMemory(memory, clock);
        ExamSession live = session(2);
        ExamSession finished = session(3).abandon(Map.of(), clock.instant());
        memory.put(live, Duration.ofMinutes(30));
        memory.put(finished, Duration.ofMinutes(10));
        memory.put(session(1), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(5));

        assertEquals("2 sessions copied from memory", recovery.catchUp(primary, lost::add));
        assertEquals(Optional.of(live), primary.peek(live.sessionId()));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(5))), primary.peekExpiry(finished.sessionId()),
                "a finished copy keeps its remaining guard time");
        assertTrue(memory.entries().isEmpty());
        assertTrue(lost.isEmpty());
    }

    @Test
    void markStaleKeepsTheHighestVersionWrittenPerSessionAndReportsTheCount() {
        MarkChangedCopiesStale recovery = new MarkChangedCopiesStale(events);
        ExamSession a = session(3);
        ExamSession b = session(5);
        primary.seed(a, Duration.ofHours(1));
        primary.seed(b, Duration.ofHours(1));
        recovery.wroteToFallback(a.sessionId(), 5);
        recovery.wroteToFallback(a.sessionId(), 4);
        recovery.wroteToFallback(b.sessionId(), 0);

        assertEquals("2 copies changed meanwhile marked stale, to be rebuilt", recovery.catchUp(primary, lost::add));
        assertEquals(5, primary.peekMarker(a.sessionId()));
        assertEquals(Optional.empty(), primary.peek(b.sessionId()), "an unknown version is deleted");
        assertEquals(1, primary.deletes.get());
        assertEquals(2, events.staleDropped.get());
        assertEquals("0 copies changed meanwhile marked stale, to be rebuilt", recovery.catchUp(primary, lost::add),
                "each change is marked once");
    }

    @Test
    void markStaleStopsAtAPrimaryFailingAgainAndKeepsTheRestForNextTime() {
        MarkChangedCopiesStale recovery = new MarkChangedCopiesStale(events);
        ExamSession a = session(3);
        recovery.wroteToFallback(a.sessionId(), 4);
        primary.down = true;

        assertEquals("0 copies changed meanwhile marked stale, to be rebuilt", recovery.catchUp(primary, lost::add));
        assertEquals(1, lost.size());
        assertEquals(0, events.staleDropped.get());

        primary.down = false;
        recovery.wroteToFallbackWhileReturning(primary, lost::add);
        assertEquals(4, primary.peekMarker(a.sessionId()));
        assertEquals(0, events.staleDropped.get(), "a late write's marking is not counted as dropped copies");
    }

    @Test
    void copyBackAndRefusalTrackNoWrites() {
        for (OutageRecovery recovery : List.of(new CopyBackFromMemory(memory, clock), new RefuseWhileDown())) {
            recovery.wroteToFallback(SessionId.newId(), 7);
            recovery.wroteToFallbackWhileReturning(primary, lost::add);
        }
        assertEquals(0, primary.invalidations.get() + primary.deletes.get() + primary.writes.get());
    }
}
