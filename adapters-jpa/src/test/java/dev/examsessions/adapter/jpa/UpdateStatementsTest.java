package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.key;
import static dev.examsessions.adapter.jpa.Fixtures.questions;
import static dev.examsessions.adapter.jpa.Fixtures.randomUserId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answer path stays a handful of statements (an optimistic one a single one), and a repeated change writes nothing. */
class UpdateStatementsTest {
    private static final ExamType PMP = Fixtures.examType("pmp", 180, 230, new PausePolicy(List.of(60, 120), 600_000));
    private static final List<String> SQL = new CopyOnWriteArrayList<>();
    /** The driver's protocol log: each {@code Sync} it sends ends one round trip (it then waits for the server). */
    private static final java.util.logging.Logger WIRE =
            java.util.logging.Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private static final List<Thread> SYNCS = new CopyOnWriteArrayList<>();
    private static final java.util.logging.Handler SYNC_COUNTER = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (" FE=> Sync".equals(record.getMessage())) {
                SYNCS.add(Thread.currentThread());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static TestDatabase database;
    private static JpaAttemptRepository repository;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        StatementInspector recorder = sql -> {
            SQL.add(sql);
            return sql;
        };
        repository = JpaAttemptRepository.connect(database.url(),
                Map.of("hibernate.session_factory.statement_inspector", recorder));
        SYNC_COUNTER.setLevel(java.util.logging.Level.ALL);
        WIRE.addHandler(SYNC_COUNTER);
        WIRE.setLevel(java.util.logging.Level.FINEST);
    }

    @AfterAll
    static void stop() {
        WIRE.setLevel(null);
        WIRE.removeHandler(SYNC_COUNTER);
        repository.close();
        database.close();
    }

    @BeforeEach
    void clear() {
        SQL.clear();
    }

    /** Backends of this test's database blocked on a lock (read on a connection of its own, outside any transaction). */
    private static long backendsWaitingForALock() throws Exception {
        try (Connection c = database.connect(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("select count(*) from pg_stat_activity"
                     + " where datname = current_database() and wait_event_type = 'Lock'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Starts counting statements and round trips of this thread afresh. */
    private static void recordAfresh() {
        SQL.clear();
        SYNCS.clear();
    }

    /** Round trips to PostgreSQL this thread made since {@link #recordAfresh()}. */
    private static long roundTrips() {
        return SYNCS.stream().filter(t -> t == Thread.currentThread()).count();
    }

    @Test
    void aLockedAnswerIsTwoStatementsAndARepeatOnlyReads() {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), now()));
        assertEquals(List.of("select", "select", "insert"), kinds(), "create: open-attempt check, nextval, insert");

        QuestionKey q7 = key(7, "People");
        recordAfresh();
        ExamSession answered = repository.update(created.sessionId(), s -> s.answer(q7, "B", now()))
                .map(Change::after).orElseThrow();
        assertEquals(List.of("select for update", "with"), kinds(),
                "lock the attempt and read its answers, then one versioned statement for the answer and the attempt row");
        assertEquals(3, roundTrips(), "BEGIN with the locking select, the write, COMMIT (before: 5 — the lock, all"
                + " answers, the upsert, an update of every column, COMMIT)");
        assertEquals(List.of("with a as (update attempts set version = ? where session_id = ? and version = ?"
                + " returning id), upserted as (insert"), writes(), "only the version changes on the attempt row");

        SQL.clear();
        assertEquals(answered, repository.update(created.sessionId(), s -> s.answer(q7, "B", now()))
                .map(Change::after).orElseThrow());
        assertEquals(List.of("select for update"), kinds(), "a repeated answer writes nothing");

        SQL.clear();
        repository.update(created.sessionId(), s -> s.answer(q7, "C", now()).flag(9, true, now()));
        assertEquals(List.of("select for update", "with"), kinds());
        assertEquals(List.of("with a as (update attempts set version = ?, flags = ? where session_id = ?"
                + " and version = ? returning id), upserted as (insert"), writes());

        SQL.clear();
        ExamSession cleared = repository.update(created.sessionId(), s -> s.answer(q7, null, now()))
                .map(Change::after).orElseThrow();
        assertEquals(List.of("select for update", "with"), kinds());
        assertTrue(SQL.get(1).contains("delete from attempt_answers"), SQL.get(1));
        assertEquals(answered.version() + 2, cleared.version());
        assertEquals(Optional.of(cleared), repository.find(created.sessionId()));
    }

    @Test
    void anOptimisticAnswerIsOneStatement() {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), now()));
        ExamSession answered = created.changedBy(s -> s.answer(key(7, "People"), "B", now()));
        recordAfresh();
        assertTrue(repository.replace(created, answered));
        assertEquals(List.of("with"), kinds(), "one versioned statement in autocommit: no BEGIN, no COMMIT");
        assertEquals(1, roundTrips(), "one round trip");
        assertFalse(SQL.get(0).contains("question_ids"), "the question array is not written: " + SQL.get(0));

        ExamSession flagged = answered.changedBy(s -> s.flag(9, true, now()));
        SQL.clear();
        assertFalse(repository.replace(created, flagged.withVersion(created.version() + 1)), "a stale before");
        assertEquals(List.of("with"), kinds(), "refused by the same one statement");
        assertEquals(Optional.of(answered), repository.find(created.sessionId()));
    }

    @Test
    void aLockedUpdateThatWaitedForTheLockReadsTheAnswersCommittedMeanwhile() throws Exception {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), now()));
        ExamSession answered = repository.update(created.sessionId(), s -> s.answer(key(1, "People"), "A", now()))
                .map(Change::after).orElseThrow();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("update attempts set version = version + 1 where id = " + created.attemptId());
                st.executeUpdate("insert into attempt_answers values (" + created.attemptId() + ", 2, 'B')");
            }
            SQL.clear();
            Future<Optional<Change>> flagging = pool.submit(
                    () -> repository.update(created.sessionId(), s -> s.flag(3, true, now())));
            await().atMost(Duration.ofSeconds(10)).until(() -> backendsWaitingForALock() > 0);
            assertFalse(flagging.isDone(), "waits for the row lock");
            c.commit();
            ExamSession flagged = flagging.get(10, TimeUnit.SECONDS).map(Change::after).orElseThrow();
            assertEquals(Map.of(1L, "A", 2L, "B"), flagged.answers(), "the answer committed while it waited");
            assertEquals(answered.version() + 2, flagged.version());
            assertEquals(List.of("select for update", "select", "with"), kinds(),
                    "its snapshot predates the commit: the answers are read again");
            assertEquals(Optional.of(flagged), repository.find(created.sessionId()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void submittingWritesTheResultAndItsDomainsInOneStatement() {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), now()));
        Map<Long, QuestionKey> keys = new java.util.HashMap<>();
        for (long q = 1; q <= 180; q++) {
            keys.put(q, key(q, List.of("People", "Process", "Business").get((int) (q % 3))));
        }
        SQL.clear();
        ExamSession submitted = repository.update(created.sessionId(), s -> s.submit(keys, now()))
                .map(Change::after).orElseThrow();
        assertEquals(3, submitted.result().byDomain().size());
        assertEquals(List.of("select for update", "with"), kinds(),
                "the attempt row and the three domain scores in one statement");
        assertTrue(SQL.get(1).contains("insert into attempt_domain_scores"), SQL.get(1));
        assertEquals(Optional.of(submitted), repository.find(created.sessionId()));
    }

    @Test
    void aHistoryPageAfterACursorIsOneKeysetRangeOnTheHistoryIndex() throws Exception {
        long user = randomUserId();
        Instant tie = Instant.parse("2031-03-04T05:06:07.891Z");
        for (int i = 0; i < 3; i++) {
            ExamSession created = repository.create(exam(user, PMP, ExamMode.PRACTICE, questions(3), tie.minusSeconds(60)));
            repository.update(created.sessionId(), s -> s.submit(Map.of(), tie));
        }
        HistoryPage first = repository.history(user, null, 1);
        SQL.clear();
        HistoryPage second = repository.history(user, first.next(), 1);
        assertEquals(1, second.items().size());
        String page = SQL.stream().filter(sql -> sql.contains("finished_at")).findFirst()
                .orElseThrow(() -> new AssertionError("no history statement in " + SQL));
        assertTrue(page.replace(" ", "").matches("(?s).*\\(\\w+\\.finished_at,\\w+\\.id\\)<\\(\\?,\\?\\).*"),
                "a row-value comparison the index can range over: " + page);

        // the planner would scan a table this small; forbid that to see which index it can use
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            try (PreparedStatement explain = c.prepareStatement("explain " + page)) {
                explain.setLong(1, user);
                explain.setObject(2, java.time.OffsetDateTime.ofInstant(first.next().finishedAt(), java.time.ZoneOffset.UTC));
                explain.setLong(3, first.next().attemptId());
                explain.setInt(4, 2);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains("attempts_history_idx"), plan::toString);
                assertTrue(plan.toString().contains("ROW(finished_at, id) <"), plan::toString);
                assertFalse(plan.toString().contains("Sort"), "the index gives the order: " + plan);
            }
        }
    }

    /** The start of each versioned write statement, up to its first data-modifying sub-statement. */
    private static List<String> writes() {
        return SQL.stream().filter(sql -> sql.startsWith("with a as"))
                .map(sql -> sql.substring(0, sql.indexOf("upserted as (insert") + "upserted as (insert".length()))
                .toList();
    }

    /** Millisecond precision, as the service's clock: the database keeps microseconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static List<String> kinds() {
        return SQL.stream().map(sql -> {
            String s = sql.toLowerCase(Locale.ROOT);
            if (s.startsWith("select") && s.contains("for update")) {
                return "select for update";
            }
            if (s.startsWith("insert") && s.contains("on conflict")) {
                return "insert on conflict";
            }
            return s.substring(0, s.indexOf(' '));
        }).toList();
    }
}
