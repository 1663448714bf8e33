package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.error.StoreUnavailable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flyway builds the schema from an empty database, Hibernate validates it, a second start changes nothing. */
class MigrationTest {
    /** The newest migration under db/migration; raise it with every new migration. */
    private static final String LATEST_VERSION = "1";

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void migratesAnEmptyDatabaseValidatesItAndASecondStartIsANoOp() throws Exception {
        try (TestDatabase empty = TestDatabase.create()) {
            migrateValidateAndStartAgain(empty);
        }
    }

    private static void migrateValidateAndStartAgain(TestDatabase database) throws Exception {
        try (Connection c = database.connect()) {
            assertEquals(List.of(), tables(c), "the database starts empty");
        }

        try (JpaAttemptRepository repository = JpaAttemptRepository.connect(database.url())) {
            ExamSession created = repository.create(Fixtures.exam(Fixtures.randomUserId(),
                    Fixtures.examType("migration", 3, 10, PausePolicy.none()), ExamMode.EXAM, Fixtures.questions(3),
                    Fixtures.T0));
            assertEquals(Optional.of(created), repository.find(created.sessionId()));
        }

        MigrationInfoService info = flyway(database).info();
        assertEquals(LATEST_VERSION, info.current().getVersion().getVersion());
        assertEquals(0, info.pending().length, "nothing pending");
        for (MigrationInfo applied : info.applied()) {
            assertTrue(applied.getState().isApplied() && !applied.getState().isFailed(), applied.getScript());
        }
        Map<String, String> historyBefore;
        try (Connection c = database.connect()) {
            assertEquals(List.of("attempt_answers", "attempt_domain_scores", "attempts", "flyway_schema_history"),
                    tables(c));
            Map<String, String> indexes = indexes(c);
            assertTrue(indexes.get("attempts_session_id_key").startsWith("CREATE UNIQUE INDEX"), indexes.toString());
            assertTrue(indexes.get("attempts_one_open_idx").matches(
                    "CREATE UNIQUE INDEX .*\\(user_id, exam_type, mode\\) WHERE \\(status = 'IN_PROGRESS'::text\\)"),
                    indexes.get("attempts_one_open_idx"));
            assertTrue(indexes.get("attempts_history_idx").contains("(user_id, finished_at DESC, id DESC)"),
                    indexes.get("attempts_history_idx"));
            assertTrue(indexes.get("attempts_overdue_idx").matches(
                    ".*\\(deadline\\) WHERE \\(status = 'IN_PROGRESS'::text\\)"), indexes.get("attempts_overdue_idx"));
            assertTrue(indexes.containsKey("attempt_answers_pkey"), indexes.toString());
            historyBefore = schemaHistory(c);
        }

        // second start on the migrated database: nothing applied, the repository works
        try (JpaAttemptRepository repository = JpaAttemptRepository.connect(database.url())) {
            assertTrue(repository.health().available());
        }
        try (Connection c = database.connect()) {
            assertEquals(historyBefore, schemaHistory(c));
        }
        assertEquals(LATEST_VERSION, flyway(database).info().current().getVersion().getVersion());
    }

    @Test
    void hibernateRefusesASchemaThatDoesNotMatchTheMapping() throws Exception {
        try (TestDatabase other = TestDatabase.create()) {
            JpaAttemptRepository.connect(other.url()).close();
            try (Connection c = other.connect(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE attempts DROP COLUMN flags");
            }
            RuntimeException refused = assertThrows(RuntimeException.class, () -> JpaAttemptRepository.connect(other.url()));
            assertTrue(messages(refused).contains("flags"), messages(refused));
        }
    }

    @Test
    void acceptsPostgresAndJdbcUrlForms() {
        String postgres = database.url().replaceFirst("^postgresql://", "postgres://");
        try (JpaAttemptRepository repository = JpaAttemptRepository.connect(postgres)) {
            assertTrue(repository.health().available());
        }
        String jdbc = database.jdbcUrl() + "?user=" + database.user()
                + (database.password() == null ? "" : "&password=" + database.password()) + "&ApplicationName=migration-test";
        try (JpaAttemptRepository repository = JpaAttemptRepository.connect(jdbc)) {
            assertTrue(repository.health().available());
        }
    }

    @Test
    void anUnreachableDatabaseFailsFastAtStart() throws Exception {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        String url = database.url(database.host(), unused);
        StoreUnavailable e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(StoreUnavailable.class, () -> JpaAttemptRepository.connect(url)));
        assertTrue(e.getMessage().contains(":" + unused + "/"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JpaAttemptRepository.connect("mysql://localhost/db"));
    }

    private static Flyway flyway(TestDatabase database) {
        return Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration")
                .load();
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Map<String, String> indexes(Connection c) throws SQLException {
        Map<String, String> byName = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")) {
            while (rs.next()) {
                byName.put(rs.getString(1), rs.getString(2));
            }
        }
        return byName;
    }

    private static Map<String, String> schemaHistory(Connection c) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT installed_rank, version, installed_on, checksum FROM flyway_schema_history")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
