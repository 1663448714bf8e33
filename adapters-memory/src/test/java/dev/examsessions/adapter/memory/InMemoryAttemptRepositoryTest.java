package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryAttemptRepositoryTest {
    private static final ExamType TYPE = new ExamType("pmp-quick", "Quick", 3, 15, new PausePolicy(List.of(1), 1000));
    private final InMemoryAttemptRepository repository = InMemoryAttemptRepository.create();
    private final Instant now = Instant.parse("2030-01-01T10:00:00Z");

    private ExamSession attempt(long user) {
        return ExamSession.start(SessionId.newId(), user, TYPE, ExamMode.EXAM, List.of(1L, 2L, 3L), now);
    }

    @Test
    void restoredAttemptIdsAreNotHandedOutAgain() {
        ExamSession restored = attempt(1).withAttemptId(500);
        assertTrue(repository.restore(restored));
        assertEquals(501, repository.create(attempt(2)).attemptId());
    }

    @Test
    void restoringASecondOpenAttemptIsRefusedNamingTheFirst() {
        ExamSession open = repository.create(attempt(1));
        ExamSession copy = attempt(1).withAttemptId(900);
        OpenAttemptExists refused = assertThrows(OpenAttemptExists.class, () -> repository.restore(copy));
        assertEquals(open.sessionId(), refused.existing());
        assertEquals(Optional.empty(), repository.find(copy.sessionId()));
        assertEquals(List.of(open), repository.openAttempts(1));
    }

    @Test
    void restoringAFinishedAttemptLeavesTheOpenSlotFree() {
        ExamSession finished = attempt(1).withAttemptId(77).submit(Map.of(), now.plusSeconds(5));
        assertTrue(repository.restore(finished));
        assertFalse(repository.restore(finished));
        repository.create(attempt(1));
        assertEquals(List.of(finished), repository.history(1, null, 10).items());
    }

    @Test
    void aChangeMayNotAlterTheAttemptsIdentity() {
        ExamSession created = repository.create(attempt(1));
        assertThrows(IllegalStateException.class,
                () -> repository.update(created.sessionId(), s -> attempt(1).withAttemptId(created.attemptId())));
        assertEquals(Optional.of(created), repository.find(created.sessionId()));
    }

    @Test
    void createOfAnExistingSessionIdIsRefused() {
        ExamSession created = repository.create(attempt(1));
        repository.update(created.sessionId(), s -> s.submit(Map.of(), now.plusSeconds(1)));
        assertThrows(IllegalStateException.class, () -> repository.create(created.withAttemptId(0)));
    }

    @Test
    void healthIsMemory() {
        assertEquals("memory", repository.health().backend());
        assertTrue(repository.health().available());
    }
}
