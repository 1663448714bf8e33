package dev.examsessions.domain.service;

import dev.examsessions.domain.fakes.FakeAttemptRepository;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.Change;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One replace when the known state is current; the locked update whenever the known state cannot decide. */
class OptimisticChangeTest {
    private static final Instant NOW = Instant.parse("2031-01-01T10:00:00Z");
    private static final ExamType TYPE = new ExamType("t", "T", 3, 60, PausePolicy.none());

    private final AtomicInteger updates = new AtomicInteger();
    private final FakeAttemptRepository attempts = new FakeAttemptRepository() {
        @Override
        public synchronized Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change) {
            updates.incrementAndGet();
            return super.update(id, change);
        }
    };
    private final ExamSession created = attempts.create(
            ExamSession.start(SessionId.newId(), 7, TYPE, ExamMode.EXAM, List.of(1L, 2L, 3L), NOW));

    private static UnaryOperator<ExamSession> answer(long q, String choice) {
        return s -> s.answer(new QuestionKey(q, List.of("A", "B"), "A", "D"), choice, NOW);
    }

    @Test
    void aCurrentKnownStateIsReplacedWithoutTheLock() {
        ExamSession next = OptimisticChange.apply(attempts, created.sessionId(), created, answer(1, "A")).map(Change::after).orElseThrow();
        assertEquals(0, updates.get());
        assertEquals(Optional.of(next), attempts.find(created.sessionId()));
        assertEquals(created.version() + 1, next.version());
    }

    @Test
    void aStaleKnownStateFallsBackToTheLockedUpdateAndKeepsTheNewerChange() {
        ExamSession moved = attempts.update(created.sessionId(), answer(2, "B")).map(Change::after).orElseThrow();
        ExamSession next = OptimisticChange.apply(attempts, created.sessionId(), created, answer(1, "A")).map(Change::after).orElseThrow();
        assertEquals(2, updates.get());
        assertEquals("B", next.answers().get(2L));
        assertEquals(moved.version() + 1, next.version());
    }

    @Test
    void aChangeThatIsNothingOrRefusedOnTheKnownStateIsDecidedByTheStoredOne() {
        ExamSession answered = attempts.update(created.sessionId(), answer(1, "A")).map(Change::after).orElseThrow();
        updates.set(0);
        assertEquals(Optional.of(answered), OptimisticChange.apply(attempts, created.sessionId(), answered, answer(1, "A"))
                .map(Change::after));
        assertEquals(1, updates.get(), "a repeat on the known state: the stored state answers");

        UnaryOperator<ExamSession> refusedOnKnown = s -> {
            if (s.version() == answered.version()) {
                throw new IllegalStateException("refused on the known state");
            }
            return s.answer(new QuestionKey(3, List.of("A", "B"), "A", "D"), "B", NOW);
        };
        attempts.update(created.sessionId(), answer(2, "A"));
        assertEquals("B", OptimisticChange.apply(attempts, created.sessionId(), answered, refusedOnKnown)
                .orElseThrow().after().answers().get(3L));
        assertThrows(IllegalStateException.class, () -> OptimisticChange.apply(attempts, created.sessionId(), null, s -> {
            throw new IllegalStateException("refused on the stored state");
        }));
    }

    @Test
    void noKnownStateOrNoAttemptIsTheLockedUpdate() {
        assertEquals(Optional.empty(), OptimisticChange.apply(attempts, SessionId.newId(), null, answer(1, "A")));
        assertEquals(1, updates.get());
    }
}
