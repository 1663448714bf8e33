package dev.examsessions.web;

import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.QuestionBank;
import dev.examsessions.domain.port.StoreHealth;
import dev.examsessions.domain.fakes.FakeAttemptRepository;
import dev.examsessions.domain.fakes.FakeQuestionBank;
import dev.examsessions.domain.fakes.FakeSessionPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the web tests need beyond the domain fakes: their settings, and attempt-record failure hooks. */
final class FakePorts {
    private FakePorts() {
    }

    /** A "memory" session store on the system clock whose stats details hold an instant ({@code since}). */
    static FakeSessionPort sessions() {
        FakeSessionPort sessions = new FakeSessionPort("memory", Clock.systemUTC());
        sessions.statsDetails = Map.of("since", Instant.EPOCH);
        return sessions;
    }

    /** Questions 1..n with options A-D; the correct key is always "B"; domains alternate Process, People. */
    static QuestionBank bank(int size) {
        return FakeQuestionBank.keyed("B", 1, size, "Process", "People");
    }

    static ExamCatalog catalog(ExamType... types) {
        List<ExamType> list = List.of(types);
        return () -> list;
    }

    /** {@code down} makes health report unavailable; hooks fail or block chosen users' open-attempt lookups. */
    static final class Attempts extends FakeAttemptRepository {
        /** How long a held lookup waits for {@link #release} at most, so that a test which forgets it still ends. */
        static final Duration HOLD_LIMIT = Duration.ofSeconds(10);

        volatile boolean down;
        volatile long failingUser = -1;
        volatile RuntimeException failure;
        volatile long slowUser = -1;
        /** Counted down when the slow user's lookup is inside the handler. */
        final CountDownLatch entered = new CountDownLatch(1);
        /** The slow user's lookup waits for this before it answers. */
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<ExamSession> openAttempts(long userId) {
            if (userId == failingUser && failure != null) {
                throw failure;
            }
            if (userId == slowUser) {
                entered.countDown();
                try {
                    release.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.openAttempts(userId);
        }

        @Override
        public StoreHealth health() {
            return new StoreHealth("memory", !down);
        }
    }
}
