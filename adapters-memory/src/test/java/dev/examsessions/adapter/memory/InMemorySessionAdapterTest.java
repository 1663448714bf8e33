package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.fakes.MutableClock;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.port.SessionPort.StoredSession;
import dev.examsessions.domain.port.SessionStoreStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemorySessionAdapterTest {
    private static final ExamType TYPE = new ExamType("pmp-quick", "Quick", 3, 15, new PausePolicy(List.of(1), 1000));
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger sessionManagerLog = (Logger) LoggerFactory.getLogger("SessionManager");

    @BeforeEach
    void captureLogs() {
        logs.start();
        sessionManagerLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        sessionManagerLog.detachAppender(logs);
    }

    private ExamSession session(InMemorySessionAdapter port) {
        return ExamSession.start(SessionId.newId(), 7, TYPE, ExamMode.EXAM, List.of(1L, 2L, 3L), clock.instant());
    }

    @Test
    void finishedCopiesAndMarkersNeverOutliveTheDefaultTtl() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofSeconds(30), 1000, clock);
        ExamSession s = session(port);
        assertTrue(port.invalidate(s.sessionId(), 2, Duration.ofMinutes(15)));
        clock.advance(Duration.ofSeconds(31));
        assertTrue(port.putIfNewer(s), "the marker lived the default TTL only");

        ExamSession done = s.submit(java.util.Map.of(), clock.instant()).withVersion(2);
        assertTrue(port.putFinished(done, Duration.ofMinutes(15)));
        assertEquals(Optional.of(clock.instant().plusSeconds(30)), port.expiresAt(s.sessionId()));
    }

    @Test
    void cleanUpExpiredRemovesExpiredSessionsAndLogsHowMany() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofHours(6), 1000, clock);
        for (int i = 0; i < 3; i++) {
            port.put(session(port), Duration.ofMinutes(1));
        }
        ExamSession keeper = session(port);
        port.put(keeper, Duration.ofHours(1));

        assertEquals(0, port.cleanUpExpired());
        assertEquals(List.of(), messages());

        clock.advance(Duration.ofMinutes(2));
        assertEquals(3, port.cleanUpExpired());
        assertEquals(List.of("[SessionManager] Cleaned up 3 expired sessions from memory"), messages());

        assertEquals(1, port.stats().sessionCount());
        assertEquals(List.of(new StoredSession(keeper, clock.instant().plus(Duration.ofMinutes(58)))), port.entries());
        assertEquals(0, port.cleanUpExpired());
        assertEquals(1, messages().size());
    }

    @Test
    void expiryFollowsTheInjectedClock() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofHours(6), 1000, clock);
        ExamSession s = session(port);
        port.put(s, Duration.ofMinutes(10));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(10))), port.expiresAt(s.sessionId()));

        clock.advance(Duration.ofMinutes(9));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
        port.update(s.sessionId(), x -> x.flag(2, true, clock.instant()));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(1))), port.expiresAt(s.sessionId()));

        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), port.get(s.sessionId()));
        assertEquals(Optional.empty(), port.update(s.sessionId(), x -> x.flag(3, true, clock.instant())));
        assertTrue(port.putIfNewer(s));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(6))), port.expiresAt(s.sessionId()));
    }

    @Test
    void entriesListLiveSessionsWithTheirExpiry() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofHours(6), 1000, clock);
        ExamSession a = session(port);
        ExamSession b = session(port);
        port.put(a, Duration.ofMinutes(5));
        port.putIfNewer(b);
        assertEquals(Set.of(new StoredSession(a, clock.instant().plus(Duration.ofMinutes(5))),
                        new StoredSession(b, clock.instant().plus(Duration.ofHours(6)))),
                Set.copyOf(port.entries()));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(b.sessionId()), port.entries().stream().map(e -> e.session().sessionId()).toList());
    }

    @Test
    void sizeIsBounded() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofHours(6), 10, clock);
        for (int i = 0; i < 50; i++) {
            port.put(session(port), Duration.ofHours(1));
        }
        SessionStoreStats stats = port.stats();
        assertTrue(stats.sessionCount() <= 10, "sessionCount " + stats.sessionCount());
        assertTrue(port.entries().size() <= 10);
        assertEquals(10L, stats.details().get("maxSize"));
        assertEquals(40L, stats.details().get("evictedBySize"));
        assertEquals(0, port.cleanUpExpired(), "size evictions are not expiries");
    }

    @Test
    void statsDescribeTheMemoryStore() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(Duration.ofHours(2), 500, clock);
        port.put(session(port), Duration.ofMinutes(1));
        SessionStoreStats stats = port.stats();
        assertEquals("memory", stats.backend());
        assertTrue(stats.available());
        assertEquals(1, stats.sessionCount());
        assertEquals(7200L, stats.details().get("defaultTtlSeconds"));
    }

    @Test
    void invalidSettingsAndTtlsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> InMemorySessionAdapter.create(Duration.ZERO, 10, clock));
        assertThrows(IllegalArgumentException.class, () -> InMemorySessionAdapter.create(Duration.ofHours(1), 0, clock));
        InMemorySessionAdapter port = InMemorySessionAdapter.create(clock);
        ExamSession s = session(port);
        assertThrows(IllegalArgumentException.class, () -> port.put(s, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> port.extend(s.sessionId(), Duration.ZERO));
    }

    @Test
    void aChangeMayNotReplaceTheSessionId() {
        InMemorySessionAdapter port = InMemorySessionAdapter.create(clock);
        ExamSession s = session(port);
        ExamSession other = session(port);
        port.put(s, Duration.ofMinutes(5));
        assertThrows(IllegalStateException.class, () -> port.update(s.sessionId(), x -> other));
        assertEquals(Optional.of(s), port.get(s.sessionId()));
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("Cleaned up")).collect(Collectors.toList());
    }
}
