package dev.examsessions.adapter.memory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.fakes.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded memory on the injected clock: retention of finished attempts, the cap, and which attempts count as idle. */
class InMemoryAttemptRetentionTest {
    private static final ExamType TYPE = new ExamType("pmp-quick", "Quick", 3, 15, new PausePolicy(List.of(1), 1000));
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
    private final Instant t0 = clock.instant();
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

    private static ExamSession attempt(long user, ExamMode mode, Instant startedAt) {
        return ExamSession.start(SessionId.newId(), user, TYPE, mode, List.of(1L, 2L, 3L), startedAt);
    }

    private ExamSession finishNow(InMemoryAttemptRepository repository, long user) {
        ExamSession created = repository.create(attempt(user, ExamMode.PRACTICE, clock.instant()));
        return repository.update(created.sessionId(), s -> s.submit(Map.of(), clock.instant()))
                .map(Change::after).orElseThrow();
    }

    @Test
    void finishedAttemptsLeaveOnceTheirRetentionIsOverAndOpenOnesStay() {
        InMemoryAttemptRepository repository = InMemoryAttemptRepository.create(clock, Duration.ofDays(10), 100);
        ExamSession open = repository.create(attempt(99, ExamMode.PRACTICE, t0));
        ExamSession early = finishNow(repository, 1);
        clock.advance(Duration.ofDays(5));
        ExamSession late = finishNow(repository, 1);
        assertEquals(2, repository.finishedCount());

        clock.set(t0.plus(Duration.ofDays(10)).minusMillis(1));
        assertEquals(0, repository.cleanUp());
        assertEquals(List.of(late, early), repository.history(1, null, 10).items());

        clock.set(t0.plus(Duration.ofDays(10)));
        assertEquals(Optional.empty(), repository.find(early.sessionId()), "gone exactly at finishedAt + retention");
        assertEquals(List.of(late), repository.history(1, null, 10).items());
        // Caffeine's timer wheel frees an expired entry's memory within about a second
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, repository.cleanUp());
        assertEquals(List.of("[SessionManager] Cleaned up 1 finished attempts older than 10d from memory"), messages());
        assertEquals(1, repository.finishedCount());
        assertEquals(0, repository.cleanUp(), "counted once");

        clock.advance(Duration.ofDays(365));
        assertEquals(1, repository.cleanUp());
        assertEquals(List.of(), repository.history(1, null, 10).items());
        assertEquals(0, repository.finishedCount());
        assertEquals(Optional.of(open), repository.find(open.sessionId()), "an open attempt is never evicted");
        assertEquals(List.of(open), repository.openAttempts(99));
    }

    @Test
    void retentionCountsFromTheFinishNotFromTheStart() {
        InMemoryAttemptRepository repository = InMemoryAttemptRepository.create(clock, Duration.ofDays(1), 100);
        ExamSession created = repository.create(attempt(2, ExamMode.PRACTICE, t0));
        clock.advance(Duration.ofDays(3));
        assertEquals(Optional.of(created), repository.find(created.sessionId()));
        ExamSession done = repository.update(created.sessionId(), s -> s.submit(Map.of(), clock.instant()))
                .map(Change::after).orElseThrow();
        clock.advance(Duration.ofHours(23));
        assertEquals(Optional.of(done), repository.find(created.sessionId()));
        clock.advance(Duration.ofHours(1));
        assertEquals(Optional.empty(), repository.find(created.sessionId()));
        assertEquals(Optional.empty(), repository.update(created.sessionId(), s -> s.flag(1, true, clock.instant()))
                .map(Change::after));
        // a restored attempt that finished longer ago than the retention is not kept either
        ExamSession old = attempt(2, ExamMode.PRACTICE, t0).withAttemptId(900).submit(Map.of(), t0);
        repository.restore(old);
        assertEquals(Optional.empty(), repository.find(old.sessionId()));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, repository.finishedCount());
    }

    @Test
    void theCapDropsTheOldestFinishedFirstAndNeverAnOpenAttempt() {
        int max = 100;
        InMemoryAttemptRepository repository = InMemoryAttemptRepository.create(clock, Duration.ofDays(30), max);
        List<ExamSession> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(repository.create(attempt(10 + i, ExamMode.PRACTICE, t0)));
        }
        // 250 finished attempts of 3 users arriving in finish order, two per minute, attempt ids shuffled
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < 250; i++) {
            ids.add(1_000 + i);
        }
        Collections.shuffle(ids, new Random(42));
        List<ExamSession> all = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Instant finishedAt = t0.plus(Duration.ofMinutes(i / 2));
            ExamSession done = attempt(1 + i % 3, ExamMode.PRACTICE, finishedAt.minusSeconds(60))
                    .withAttemptId(ids.get(i)).submit(Map.of(), finishedAt);
            assertTrue(repository.restore(done));
            all.add(done);
            assertTrue(repository.finishedCount() <= max, "over the cap after " + (i + 1) + ": " + repository.finishedCount());
        }
        long kept = repository.finishedCount();
        assertTrue(kept >= max - 2, "evicts only a little below the cap: " + kept);
        Set<SessionId> newest = all.stream().sorted(HistoryCursor.NEWEST_FIRST).limit(kept)
                .map(ExamSession::sessionId).collect(Collectors.toSet());
        Set<SessionId> held = new HashSet<>();
        for (long user = 1; user <= 3; user++) {
            repository.history(user, null, 250).items().forEach(s -> held.add(s.sessionId()));
        }
        assertEquals(newest, held, "the newest finished are the ones kept");
        for (ExamSession o : open) {
            assertEquals(Optional.of(o), repository.find(o.sessionId()));
        }
        assertEquals(250 - kept, repository.cleanUp());
        assertEquals(List.of("[SessionManager] Cleaned up " + (250 - kept)
                + " oldest finished attempts from memory (more than 100 finished attempts)"), messages());
    }

    @Test
    void theCapAlsoHoldsForAttemptsThatFinishHere() {
        InMemoryAttemptRepository repository = InMemoryAttemptRepository.create(clock, Duration.ofDays(30), 3);
        List<ExamSession> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            done.add(finishNow(repository, 5));
            clock.advance(Duration.ofSeconds(1));
            assertTrue(repository.finishedCount() <= 3);
        }
        List<ExamSession> kept = repository.history(5, null, 10).items();
        List<ExamSession> newestFirst = new ArrayList<>(done.subList(6 - kept.size(), 6));
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, kept);
        // freed slots do not block a new open attempt of the same type and mode
        repository.create(attempt(5, ExamMode.PRACTICE, clock.instant()));
    }

    @Test
    void idleUntimedAttemptsAreThePracticeAttemptsUnchangedSinceTheGivenInstant() {
        InMemoryAttemptRepository repository = InMemoryAttemptRepository.create(clock, Duration.ofDays(30), 100);
        ExamSession quiet = repository.create(attempt(1, ExamMode.PRACTICE, t0));
        ExamSession timed = repository.create(attempt(1, ExamMode.EXAM, t0));
        clock.advance(Duration.ofHours(1));
        ExamSession busy = repository.create(attempt(2, ExamMode.PRACTICE, t0));
        ExamSession finished = finishNow(repository, 3);

        assertEquals(List.of(quiet), repository.idleUntimedAttempts(t0.plusSeconds(1), 10));
        assertEquals(List.of(quiet, busy), repository.idleUntimedAttempts(clock.instant(), 10));
        assertEquals(List.of(quiet), repository.idleUntimedAttempts(clock.instant(), 1));

        clock.advance(Duration.ofHours(1));
        repository.update(quiet.sessionId(), s -> s.flag(2, true, clock.instant()));
        assertEquals(List.of(busy), repository.idleUntimedAttempts(clock.instant().minusSeconds(1), 10),
                "a change makes an attempt busy again");
        repository.update(busy.sessionId(), s -> s);
        assertEquals(List.of(busy), repository.idleUntimedAttempts(clock.instant().minusSeconds(1), 10),
                "a change that changes nothing is no activity");
        assertTrue(repository.find(timed.sessionId()).isPresent());
        assertTrue(repository.find(finished.sessionId()).isPresent());
    }

    @Test
    void settingsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> InMemoryAttemptRepository.create(clock, Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class, () -> InMemoryAttemptRepository.create(clock, Duration.ofDays(1), 0));
        assertEquals("finished attempts kept 30d after they finished, at most 50000",
                InMemoryAttemptRepository.create(clock, Duration.ofDays(30), 50_000).toString());
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("Cleaned up")).collect(Collectors.toList());
    }
}
