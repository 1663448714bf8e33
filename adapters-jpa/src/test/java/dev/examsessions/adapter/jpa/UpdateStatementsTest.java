package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.ExamMode;
import dev.examsessions.domain.ExamSession;
import dev.examsessions.domain.ExamType;
import dev.examsessions.domain.PausePolicy;
import dev.examsessions.domain.QuestionKey;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.examsessions.adapter.jpa.Fixtures.exam;
import static dev.examsessions.adapter.jpa.Fixtures.key;
import static dev.examsessions.adapter.jpa.Fixtures.questions;
import static dev.examsessions.adapter.jpa.Fixtures.randomUserId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The answer path stays a handful of statements, and a repeated change writes nothing. */
class UpdateStatementsTest {
    private static final ExamType PMP = Fixtures.examType("pmp", 180, 230, new PausePolicy(List.of(60, 120), 600_000));
    private static final List<String> SQL = new CopyOnWriteArrayList<>();

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
    }

    @AfterAll
    static void stop() {
        repository.close();
        database.close();
    }

    @BeforeEach
    void clear() {
        SQL.clear();
    }

    @Test
    void answeringIsFourStatementsAndARepeatOnlyReads() {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), Instant.now()));
        assertEquals(List.of("select", "select", "insert"), kinds(), "create: open-attempt check, nextval, insert");

        QuestionKey q7 = key(7, "People");
        SQL.clear();
        ExamSession answered = repository.update(created.sessionId(), s -> s.answer(q7, "B", Instant.now()))
                .orElseThrow();
        assertEquals(List.of("select for update", "select", "insert on conflict", "update"), kinds(),
                "lock the attempt, read its answers, upsert the answer, update the attempt row");

        SQL.clear();
        assertEquals(answered, repository.update(created.sessionId(), s -> s.answer(q7, "B", Instant.now()))
                .orElseThrow());
        assertEquals(List.of("select for update", "select"), kinds(), "a repeated answer writes nothing");

        SQL.clear();
        repository.update(created.sessionId(), s -> s.answer(q7, "C", Instant.now()).flag(9, true, Instant.now()));
        assertEquals(List.of("select for update", "select", "insert on conflict", "update"), kinds());

        SQL.clear();
        ExamSession cleared = repository.update(created.sessionId(), s -> s.answer(q7, null, Instant.now()))
                .orElseThrow();
        assertEquals(List.of("select for update", "select", "delete", "update"), kinds());
        assertEquals(answered.version() + 2, cleared.version());
    }

    @Test
    void submittingWritesTheResultAndItsDomainsInOneBatch() {
        ExamSession created = repository.create(exam(randomUserId(), PMP, ExamMode.EXAM, questions(180), Instant.now()));
        Map<Long, QuestionKey> keys = new java.util.HashMap<>();
        for (long q = 1; q <= 180; q++) {
            keys.put(q, key(q, List.of("People", "Process", "Business").get((int) (q % 3))));
        }
        SQL.clear();
        ExamSession submitted = repository.update(created.sessionId(), s -> s.submit(keys, Instant.now())).orElseThrow();
        assertEquals(3, submitted.result().byDomain().size());
        assertEquals(List.of("select for update", "select", "update", "insert"), kinds(),
                "the attempt row, then the three domain scores as one batch");
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
