package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.error.StoreUnavailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.key;
import static dev.examsessions.adapter.jpa.Fixtures.questions;
import static dev.examsessions.adapter.jpa.Fixtures.randomUserId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL unreachable: a TCP proxy on loopback stands between the repository and the database and is cut.
 * Calls fail fast with {@link StoreUnavailable}, nothing is half-written, and the same repository works
 * again once the proxy is back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutageTest {
    private static final Logger LOG = LoggerFactory.getLogger(OutageTest.class);
    /** "Fast": well under a request timeout; the pool waits 2 s for a connection. */
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final ExamType PMP = Fixtures.examType("pmp", 10, 230, new PausePolicy(List.of(5), 600_000));

    private static TestDatabase database;
    private static TcpProxy proxy;
    private static JpaAttemptRepository repository;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.create();
        proxy = TcpProxy.to(database.host(), database.port());
        repository = JpaAttemptRepository.connect(database.url("127.0.0.1", proxy.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        repository.close();
        proxy.close();
        database.close();
    }

    @AfterEach
    void reconnect() throws IOException {
        proxy.resume();
    }

    @Test
    void cutDatabaseFailsFastChangesNothingAndTheRepositoryRecovers() throws Exception {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(10), Instant.now()));
        ExamSession answered = repository.update(created.sessionId(),
                s -> s.answer(key(1, "People"), "B", Instant.now())).map(Change::after).orElseThrow();
        Row before = row(answered);
        assertTrue(repository.health().available());

        proxy.cut();

        StoreUnavailable updateFailure = fastFailure(() -> repository.update(created.sessionId(),
                s -> s.answer(key(2, "People"), "C", Instant.now())));
        assertTrue(updateFailure.getCause() != null, "the database failure is the cause");
        fastFailure(() -> repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(10), Instant.now())));
        fastFailure(() -> repository.find(created.sessionId()));
        fastFailure(() -> repository.claimOverdue(Instant.now(), 10, s -> s));
        long started = System.nanoTime();
        assertFalse(repository.health().available());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(FAST) < 0, "health answers fast");
        assertEquals(before, row(answered), "nothing written while the database was unreachable");

        proxy.resume();

        // the pool reconnects by itself (its connection attempts back off up to 5 s during an outage)
        long resumed = System.nanoTime();
        ExamSession after = eventually(() -> repository.update(created.sessionId(),
                s -> s.answer(key(2, "People"), "C", Instant.now())).map(Change::after).orElseThrow());
        LOG.info("Recovered {} ms after PostgreSQL was reachable again", (System.nanoTime() - resumed) / 1_000_000);
        assertEquals(Map.of(1L, "B", 2L, "C"), after.answers());
        assertEquals(answered.version() + 1, after.version());
        assertTrue(repository.health().available());
        assertEquals(Optional.of(after), repository.find(created.sessionId()));
    }

    @Test
    void aConnectionLostInTheMiddleOfAnUpdateRollsItBack() throws Exception {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(10), Instant.now()));
        ExamSession answered = repository.update(created.sessionId(),
                s -> s.answer(key(1, "People"), "B", Instant.now())).map(Change::after).orElseThrow();
        Row before = row(answered);

        // the row is locked and read; the connection dies before the writes
        fastFailure(() -> repository.update(created.sessionId(), s -> {
            cutProxy();
            return s.answer(key(2, "People"), "C", Instant.now()).flag(3, true, Instant.now());
        }));
        assertEquals(before, row(answered), "nothing half-written");
        assertRowNotLocked(answered);

        proxy.resume();
        ExamSession after = eventually(() -> repository.update(created.sessionId(), s -> s.flag(3, true, Instant.now()))
                .map(Change::after).orElseThrow());
        assertEquals(answered.version() + 1, after.version());
    }

    @Test
    void aServerRestartBetweenTwoRequestsIsInvisible() throws Exception {
        ExamSession created = eventually(() -> repository.create(
                exam(randomUserId(), PMP, ExamMode.EXAM, questions(10), Instant.now())));
        // several pooled connections, all used a moment ago (so the pool hands them out without a check)
        for (int i = 0; i < 5; i++) {
            assertTrue(repository.find(created.sessionId()).isPresent());
        }

        proxy.cut(); // every established connection dies, as in a restart of PostgreSQL
        proxy.resume();

        ExamSession answered = repository.update(created.sessionId(),
                s -> s.answer(key(4, "People"), "A", Instant.now())).map(Change::after).orElseThrow();
        assertEquals(created.version() + 1, answered.version());
        assertEquals(Optional.of(answered), repository.find(created.sessionId()));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** What the database holds of an attempt, read directly (not through the proxy). */
    private record Row(long version, Map<Long, String> answers, String flags) {
    }

    private static Row row(ExamSession s) throws SQLException {
        try (Connection c = database.connect()) {
            long version = Fixtures.queryLong(c, "SELECT version FROM attempts WHERE id = ?", s.attemptId());
            Map<Long, String> answers = new TreeMap<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT question_id, choice FROM attempt_answers WHERE attempt_id = ?")) {
                st.setLong(1, s.attemptId());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        answers.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            String flags;
            try (PreparedStatement st = c.prepareStatement("SELECT flags::text FROM attempts WHERE id = ?")) {
                st.setLong(1, s.attemptId());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    flags = rs.getString(1);
                }
            }
            return new Row(version, answers, flags);
        }
    }

    /** The server ended the dead connection's transaction: the row can be locked right away. */
    private static void assertRowNotLocked(ExamSession s) throws Exception {
        eventually(() -> {
            try (Connection c = database.connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement st = c.prepareStatement("SELECT id FROM attempts WHERE id = ? FOR UPDATE NOWAIT")) {
                    st.setLong(1, s.attemptId());
                    st.executeQuery().close();
                }
                c.rollback();
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static StoreUnavailable fastFailure(Executable call) {
        long started = System.nanoTime();
        StoreUnavailable e = assertThrows(StoreUnavailable.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(FAST) < 0, "failed after " + took.toMillis() + " ms");
        return e;
    }

    private static void cutProxy() {
        proxy.cut();
    }

    /** The first result of {@code call} within 10 s, retrying on failure. */
    private static <T> T eventually(java.util.concurrent.Callable<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    result.set(call.call());
                    return true;
                });
        return result.get();
    }
}
