package dev.examsessions.adapter.jpa;

import io.micrometer.core.instrument.MeterRegistry;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.port.StoreHealth;
import org.hibernate.StatelessSession;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.examsessions.adapter.jpa.AttemptRows.findRow;
import static dev.examsessions.adapter.jpa.AttemptRows.insert;
import static dev.examsessions.adapter.jpa.AttemptRows.load;
import static dev.examsessions.adapter.jpa.AttemptRows.nextAttemptId;
import static dev.examsessions.adapter.jpa.AttemptRows.write;

/**
 * The attempt record in PostgreSQL (the source of truth): schema by Flyway, rows through Hibernate, every
 * locked change one transaction holding the attempt's row lock, an optimistic {@link #replace} one versioned
 * statement.
 */
public final class JpaAttemptRepository implements AttemptRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JpaAttemptRepository.class);
    private static final String BACKEND = "postgresql";
    private static final int MAX_INSERT_TRIES = 5;

    private static final String OPEN_ATTEMPT_INDEX = "attempts_one_open_idx";
    private static final String SESSION_ID_KEY = "attempts_session_id_key";
    private static final String PRIMARY_KEY = "attempts_pkey";

    private final AttemptDatabase database;
    private final Transactions transactions;

    private JpaAttemptRepository(AttemptDatabase database) {
        this.database = database;
        this.transactions = new Transactions(database.sessionFactory());
    }

    /**
     * Connects to PostgreSQL, migrates the schema (Flyway) and checks the mapping against it (Hibernate).
     *
     * @param databaseUrl {@code postgresql://user:pass@host:5432/db} ({@code postgres://} too; user, password and
     *                    port optional; query parameters go to the JDBC driver) or a {@code jdbc:postgresql:} URL
     * @throws IllegalArgumentException when the URL is not one of those forms
     * @throws StoreUnavailable         when the database cannot be reached or migrated
     */
    public static JpaAttemptRepository connect(String databaseUrl) {
        return connect(databaseUrl, Map.of(), null);
    }

    /** As {@link #connect(String)}, with the connection pool's meters ({@code hikaricp_*}) in {@code registry}. */
    public static JpaAttemptRepository connect(String databaseUrl, MeterRegistry registry) {
        return connect(databaseUrl, registry, AttemptDatabase.POOL_SIZE);
    }

    /** As {@link #connect(String, MeterRegistry)}, with at most {@code poolSize} connections to PostgreSQL. */
    public static JpaAttemptRepository connect(String databaseUrl, MeterRegistry registry, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
        }
        return new JpaAttemptRepository(AttemptDatabase.open(databaseUrl, Map.of(), registry, poolSize));
    }

    /** As {@link #connect(String)}, with extra Hibernate properties (tests: statement inspection). */
    static JpaAttemptRepository connect(String databaseUrl, Map<String, Object> hibernateProperties) {
        return connect(databaseUrl, hibernateProperties, null);
    }

    private static JpaAttemptRepository connect(String databaseUrl, Map<String, Object> hibernateProperties,
                                                MeterRegistry registry) {
        return new JpaAttemptRepository(AttemptDatabase.open(databaseUrl, hibernateProperties, registry,
                AttemptDatabase.POOL_SIZE));
    }

    @Override
    public ExamSession create(ExamSession session) {
        Objects.requireNonNull(session, "session");
        return insertRetrying("create", "new attempt", session, s -> {
            refuseSecondOpenAttempt(s, session);
            ExamSession stored = session.withAttemptId(nextAttemptId(s));
            insert(s, stored);
            return stored;
        }, (constraint, e) -> {
            if (SESSION_ID_KEY.equals(constraint)) {
                throw new IllegalStateException("an attempt with session id " + session.sessionId()
                        + " already exists", e);
            }
            // a primary key clash: an attempt was restored under an id the sequence had not reached yet
            return Optional.empty();
        });
    }

    @Override
    public boolean restore(ExamSession session) {
        Objects.requireNonNull(session, "session");
        return insertRetrying("restore", "restored attempt", session, s -> {
            if (findRow(s, session.sessionId()) != null) {
                return false;
            }
            refuseSecondOpenAttempt(s, session);
            ExamSession stored = session.attemptId() > 0 ? session : session.withAttemptId(nextAttemptId(s));
            insert(s, stored);
            if (session.attemptId() > 0) {
                // a race with create's nextval is caught by create's retry
                AttemptRows.keepSequenceAhead(s, stored.attemptId());
            }
            return true;
        }, (constraint, e) -> {
            if (SESSION_ID_KEY.equals(constraint)) {
                return Optional.of(false);
            }
            throw new IllegalStateException("attempt id " + session.attemptId()
                    + " belongs to another session than " + session.sessionId(), e);
        });
    }

    /**
     * Runs {@code insert} in a transaction, again when a unique key refused it for a reason that can pass: the
     * open attempt it raced with has finished, or {@code keyTaken} says so.
     *
     * @param what     the attempt in messages ("new attempt", "restored attempt")
     * @param keyTaken what to do when the session id or the attempt id is already taken
     */
    private <T> T insertRetrying(String operation, String what, ExamSession session,
                                 Function<StatelessSession, T> insert, KeyTaken<T> keyTaken) {
        for (int tries = 1; ; tries++) {
            try {
                return transactions.inTransaction(operation, false, insert);
            } catch (ConstraintViolationException e) {
                String constraint = PostgresFailures.constraintName(e);
                if (OPEN_ATTEMPT_INDEX.equals(constraint)) {
                    Optional<SessionId> winner = openAttemptOf(operation, session);
                    if (winner.isPresent()) {
                        throw new OpenAttemptExists(winner.get());
                    }
                    // the open attempt finished in the meantime: the slot is free again
                } else if (SESSION_ID_KEY.equals(constraint) || PRIMARY_KEY.equals(constraint)) {
                    Optional<T> answer = keyTaken.answer(constraint, e);
                    if (answer.isPresent()) {
                        return answer.get();
                    }
                } else {
                    throw new IllegalStateException("PostgreSQL refused the " + what + " (" + constraint + ")", e);
                }
                if (tries >= MAX_INSERT_TRIES) {
                    throw new IllegalStateException("could not " + operation + " attempt " + session.sessionId()
                            + " after " + tries + " tries", e);
                }
            }
        }
    }

    /** The answer of an insert whose session id or attempt id is taken: a value, an exception, or empty to retry. */
    @FunctionalInterface
    private interface KeyTaken<T> {
        Optional<T> answer(String constraint, ConstraintViolationException e);
    }

    /**
     * Refuses early when an open attempt of the same user, exam type and mode exists (the common case, without
     * a failed insert); the partial unique index still decides races.
     */
    private static void refuseSecondOpenAttempt(StatelessSession s, ExamSession session) {
        if (session.status() == ExamStatus.IN_PROGRESS) {
            AttemptRows.openAttemptOf(s, session).ifPresent(existing -> {
                throw new OpenAttemptExists(existing);
            });
        }
    }

    /** The session id of the open attempt of the same user, exam type and mode, if any. */
    private Optional<SessionId> openAttemptOf(String operation, ExamSession session) {
        return transactions.inTransaction(operation, true, s -> AttemptRows.openAttemptOf(s, session));
    }

    @Override
    public Optional<ExamSession> find(SessionId id) {
        Objects.requireNonNull(id, "id");
        return transactions.inTransaction("find", true, s -> {
            AttemptJpaEntity row = findRow(s, id);
            return row == null ? Optional.empty() : Optional.of(load(s, List.of(row)).get(0));
        });
    }

    @Override
    public List<ExamSession> openAttempts(long userId) {
        return transactions.inTransaction("openAttempts", true, s -> load(s, AttemptRows.openRows(s, userId)));
    }

    @Override
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        // one more than asked tells whether a next page exists
        return HistoryPage.of(transactions.inTransaction("history", true,
                s -> load(s, AttemptRows.historyRows(s, userId, after, limit + 1))), limit);
    }

    @Override
    public Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        return transactions.inTransaction("update", false, s -> {
            ExamSession current = AttemptRows.lockAndLoad(s, id);
            if (current == null) {
                return Optional.empty();
            }
            ExamSession next = current.changedBy(change);
            if (next != current) {
                write(s, current, next);
            }
            return Optional.of(new Change(current, next));
        });
    }

    @Override
    public boolean replace(ExamSession before, ExamSession after) {
        AttemptRepository.requireSuccessor(before, after);
        AttemptChange change = AttemptChange.between(before, after);
        if (change.isOneStatement()) {
            return transactions.autocommit("replace", (s, connection) -> change.apply(s, connection, before.attemptId()));
        }
        return transactions.inTransaction("replace", false, s -> AttemptRows.lockVersion(s, before)
                && s.doReturningWork(connection -> change.apply(s, connection, before.attemptId())));
    }

    @Override
    public List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(finalize, "finalize");
        if (limit < 1) {
            return List.of();
        }
        return transactions.inTransaction("claimOverdue", false, s -> {
            List<ExamSession> overdue = load(s, AttemptRows.lockOverdueRows(s, now, limit));
            List<ExamSession> claimed = new ArrayList<>();
            for (ExamSession current : overdue) {
                ExamSession next;
                try {
                    next = current.changedBy(finalize);
                } catch (RuntimeException e) {
                    LOG.warn("Could not finalize overdue attempt {}: {}", current.sessionId(), e.toString());
                    continue;
                }
                if (next != current) {
                    write(s, current, next);
                    claimed.add(next);
                }
            }
            return claimed;
        });
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth(BACKEND, database.isReachable());
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "JpaAttemptRepository[" + database.description() + "]";
    }
}
