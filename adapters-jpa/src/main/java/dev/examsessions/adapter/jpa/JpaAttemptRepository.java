package dev.examsessions.adapter.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
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
import jakarta.persistence.PersistenceException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.query.SelectionQuery;
import org.hibernate.tool.schema.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The attempt record in PostgreSQL (the source of truth): schema by Flyway, rows through Hibernate, every
 * change one transaction holding the attempt's row lock.
 */
public final class JpaAttemptRepository implements AttemptRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JpaAttemptRepository.class);
    private static final String BACKEND = "postgresql";
    private static final int MAX_CREATE_TRIES = 5;
    static final int POOL_SIZE = 10;
    /** A server restart leaves at most every pooled connection dead. */
    private static final int MAX_STALE_CONNECTIONS = POOL_SIZE;
    /** A dead pooled connection fails at once; a slow failure (a timeout) is never repeated. */
    private static final long STALE_FAILS_WITHIN_NANOS = 1_000_000_000L;

    private static final String OPEN_ATTEMPT_INDEX = "attempts_one_open_idx";
    private static final String SESSION_ID_KEY = "attempts_session_id_key";
    private static final String PRIMARY_KEY = "attempts_pkey";

    private static final String LOCK_ATTEMPT =
            "select * from attempts where session_id = :sessionId for update";
    private static final String CLAIM_OVERDUE = "select * from attempts"
            + " where status = 'IN_PROGRESS' and deadline <= :now"
            + " order by deadline, id limit :limit for update skip locked";

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final String description;

    private JpaAttemptRepository(HikariDataSource dataSource, SessionFactory sessionFactory, String description) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.description = description;
    }

    /**
     * Connects to PostgreSQL, migrates the schema (Flyway) and checks the mapping against it (Hibernate).
     *
     * @param databaseUrl {@code postgresql://user:pass@host:5432/db} ({@code postgres://} too; user, password and
     *                    port optional; query parameters go to the JDBC driver) or a {@code jdbc:postgresql:} URL
     * @throws IllegalArgumentException when the URL is not one of those forms
     * @throws StoreUnavailable  when the database cannot be reached or migrated
     */
    public static JpaAttemptRepository connect(String databaseUrl) {
        return connect(databaseUrl, Map.of(), null);
    }

    /** As {@link #connect(String)}, with the connection pool's meters ({@code hikaricp_*}) in {@code registry}. */
    public static JpaAttemptRepository connect(String databaseUrl, MeterRegistry registry) {
        return connect(databaseUrl, Map.of(), registry);
    }

    /** As {@link #connect(String)}, with extra Hibernate properties (tests: statement inspection). */
    static JpaAttemptRepository connect(String databaseUrl, Map<String, Object> hibernateProperties) {
        return connect(databaseUrl, hibernateProperties, null);
    }

    private static JpaAttemptRepository connect(String databaseUrl, Map<String, Object> hibernateProperties,
                                                MeterRegistry registry) {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        HikariDataSource dataSource;
        try {
            HikariConfig config = poolConfig(url);
            if (registry != null) {
                config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
            }
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailable("Cannot connect to PostgreSQL at " + url.describe() + ": "
                    + rootMessage(e), e);
        }
        try {
            MigrateResult migration = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .cleanDisabled(true)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            SessionFactory sessionFactory = new HibernatePersistenceConfiguration("exam")
                    .managedClasses(AttemptJpaEntity.class, AnswerJpaEntity.class, DomainScoreJpaEntity.class)
                    .property("jakarta.persistence.nonJtaDataSource", dataSource)
                    // the pool hands out connections with auto-commit off
                    .property("hibernate.connection.provider_disables_autocommit", true)
                    // inserts of several answers or domain scores go in one round trip
                    .property("hibernate.jdbc.batch_size", 50)
                    .properties(hibernateProperties)
                    .schemaToolingAction(Action.VALIDATE)
                    .createEntityManagerFactory();
            LOG.info("Attempts in PostgreSQL at {} (schema version {}, {} migration(s) applied now)",
                    url.describe(), migration.targetSchemaVersion == null ? migration.initialSchemaVersion
                            : migration.targetSchemaVersion, migration.migrationsExecuted);
            return new JpaAttemptRepository(dataSource, sessionFactory, url.describe());
        } catch (RuntimeException e) {
            dataSource.close();
            if (isConnectionFailure(e)) {
                throw new StoreUnavailable("Cannot reach PostgreSQL at " + url.describe() + ": "
                        + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static HikariConfig poolConfig(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("attempts");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setAutoCommit(false);
        // an outage must answer fast (503), not hold requests
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        // driver defaults; parameters in the URL win
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "exam-sessions");
        return config;
    }

    // ---- create / restore ------------------------------------------------------------------------

    @Override
    public ExamSession create(ExamSession session) {
        Objects.requireNonNull(session, "session");
        for (int tries = 1; ; tries++) {
            try {
                return inTransaction("create", false, s -> {
                    refuseSecondOpenAttempt(s, session);
                    ExamSession stored = session.withAttemptId(nextAttemptId(s));
                    insert(s, stored);
                    return stored;
                });
            } catch (ConstraintViolationException e) {
                String constraint = constraintName(e);
                if (SESSION_ID_KEY.equals(constraint)) {
                    throw new IllegalStateException("an attempt with session id " + session.sessionId()
                            + " already exists", e);
                }
                if (OPEN_ATTEMPT_INDEX.equals(constraint)) {
                    Optional<SessionId> winner = openAttemptOf("create", session);
                    if (winner.isPresent()) {
                        throw new OpenAttemptExists(winner.get());
                    }
                    // the open attempt finished in the meantime: the slot is free again
                } else if (!PRIMARY_KEY.equals(constraint)) {
                    throw new IllegalStateException("PostgreSQL refused the new attempt (" + constraint + ")", e);
                }
                // a primary key clash: an attempt was restored under an id the sequence had not reached yet
                if (tries >= MAX_CREATE_TRIES) {
                    throw new IllegalStateException("could not store attempt " + session.sessionId()
                            + " after " + tries + " tries", e);
                }
            }
        }
    }

    @Override
    public boolean restore(ExamSession session) {
        Objects.requireNonNull(session, "session");
        for (int tries = 1; ; tries++) {
            try {
                return inTransaction("restore", false, s -> {
                    if (findRow(s, session.sessionId()) != null) {
                        return false;
                    }
                    refuseSecondOpenAttempt(s, session);
                    ExamSession stored = session.attemptId() > 0 ? session : session.withAttemptId(nextAttemptId(s));
                    insert(s, stored);
                    if (session.attemptId() > 0) {
                        // keep the sequence ahead of restored ids (a race is caught by create's retry)
                        s.createNativeQuery("select setval('attempts_id_seq',"
                                        + " greatest(:id, (select last_value from attempts_id_seq)))", Long.class)
                                .setParameter("id", stored.attemptId()).getSingleResult();
                    }
                    return true;
                });
            } catch (ConstraintViolationException e) {
                String constraint = constraintName(e);
                if (SESSION_ID_KEY.equals(constraint)) {
                    return false;
                }
                if (PRIMARY_KEY.equals(constraint)) {
                    throw new IllegalStateException("attempt id " + session.attemptId()
                            + " belongs to another session than " + session.sessionId(), e);
                }
                if (!OPEN_ATTEMPT_INDEX.equals(constraint)) {
                    throw new IllegalStateException("PostgreSQL refused the restored attempt (" + constraint + ")", e);
                }
                Optional<SessionId> winner = openAttemptOf("restore", session);
                if (winner.isPresent()) {
                    throw new OpenAttemptExists(winner.get());
                }
                if (tries >= MAX_CREATE_TRIES) {
                    throw new IllegalStateException("could not restore attempt " + session.sessionId()
                            + " after " + tries + " tries", e);
                }
            }
        }
    }

    private static long nextAttemptId(StatelessSession s) {
        return s.createNativeQuery("select nextval('attempts_id_seq')", Long.class).getSingleResult();
    }

    private static void insert(StatelessSession s, ExamSession stored) {
        s.insert(AttemptMapper.toEntity(stored));
        if (!stored.answers().isEmpty()) {
            s.insertMultiple(AttemptMapper.answers(stored.attemptId(), stored.answers()));
        }
        if (stored.result() != null && !stored.result().byDomain().isEmpty()) {
            s.insertMultiple(AttemptMapper.domainScores(stored));
        }
    }

    /**
     * Refuses early when an open attempt of the same user, exam type and mode exists (the common case, without
     * a failed insert); the partial unique index still decides races.
     */
    private static void refuseSecondOpenAttempt(StatelessSession s, ExamSession session) {
        if (session.status() == ExamStatus.IN_PROGRESS) {
            openAttemptOf(s, session).ifPresent(existing -> {
                throw new OpenAttemptExists(existing);
            });
        }
    }

    /** The session id of the open attempt of the same user, exam type and mode, if any. */
    private Optional<SessionId> openAttemptOf(String operation, ExamSession session) {
        return inTransaction(operation, true, s -> openAttemptOf(s, session));
    }

    private static Optional<SessionId> openAttemptOf(StatelessSession s, ExamSession session) {
        return s.createSelectionQuery("select a.sessionId from AttemptJpaEntity a"
                        + " where a.userId = :user and a.examType = :type and a.mode = :mode"
                        + " and a.status = 'IN_PROGRESS'", String.class)
                .setParameter("user", session.userId())
                .setParameter("type", session.examType())
                .setParameter("mode", session.mode().name())
                .uniqueResultOptional()
                .map(SessionId::new);
    }

    // ---- reads -----------------------------------------------------------------------------------

    @Override
    public Optional<ExamSession> find(SessionId id) {
        Objects.requireNonNull(id, "id");
        return inTransaction("find", true, s -> {
            AttemptJpaEntity row = findRow(s, id);
            return row == null ? Optional.empty() : Optional.of(load(s, List.of(row)).get(0));
        });
    }

    @Override
    public List<ExamSession> openAttempts(long userId) {
        return inTransaction("openAttempts", true, s -> load(s, s.createSelectionQuery(
                        "from AttemptJpaEntity a where a.userId = :user and a.status = 'IN_PROGRESS'"
                                + " order by a.startedAt desc, a.id desc", AttemptJpaEntity.class)
                .setParameter("user", userId)
                .getResultList()));
    }

    @Override
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        return HistoryPage.of(inTransaction("history", true, s -> {
            // keyset on (finished_at, id), both descending: served by attempts_history_idx (V1)
            SelectionQuery<AttemptJpaEntity> query = s.createSelectionQuery(
                    "from AttemptJpaEntity a where a.userId = :user and a.finishedAt is not null"
                            + " and a.status <> 'IN_PROGRESS'"
                            + (after == null ? "" : " and (a.finishedAt, a.id) < (:finishedAt, :attemptId)")
                            + " order by a.finishedAt desc, a.id desc", AttemptJpaEntity.class);
            query.setParameter("user", userId);
            if (after != null) {
                query.setParameter("finishedAt", after.finishedAt());
                query.setParameter("attemptId", after.attemptId());
            }
            // one more than asked tells whether a next page exists
            return load(s, query.setMaxResults(limit + 1).getResultList());
        }), limit);
    }

    private static AttemptJpaEntity findRow(StatelessSession s, SessionId id) {
        return s.createSelectionQuery("from AttemptJpaEntity a where a.sessionId = :sessionId", AttemptJpaEntity.class)
                .setParameter("sessionId", id.value())
                .uniqueResult();
    }

    /** The sessions of the given rows, in their order: answers in one query, domain scores in one more. */
    private static List<ExamSession> load(StatelessSession s, List<AttemptJpaEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(r -> r.id).toList();
        Map<Long, List<AnswerJpaEntity>> answers = new HashMap<>();
        (ids.size() == 1
                ? s.createSelectionQuery("from AnswerJpaEntity a where a.attemptId = :id", AnswerJpaEntity.class)
                        .setParameter("id", ids.get(0))
                : s.createSelectionQuery("from AnswerJpaEntity a where a.attemptId in :ids", AnswerJpaEntity.class)
                        .setParameterList("ids", ids))
                .getResultList()
                .forEach(a -> answers.computeIfAbsent(a.attemptId, k -> new ArrayList<>()).add(a));
        List<Long> finishedIds = rows.stream().filter(r -> r.finishedAt != null).map(r -> r.id).toList();
        Map<Long, List<DomainScoreJpaEntity>> scores = new HashMap<>();
        if (!finishedIds.isEmpty()) {
            s.createSelectionQuery("from DomainScoreJpaEntity d where d.attemptId in :ids", DomainScoreJpaEntity.class)
                    .setParameterList("ids", finishedIds)
                    .getResultList()
                    .forEach(d -> scores.computeIfAbsent(d.attemptId, k -> new ArrayList<>()).add(d));
        }
        List<ExamSession> sessions = new ArrayList<>(rows.size());
        for (AttemptJpaEntity row : rows) {
            sessions.add(AttemptMapper.toDomain(row, answers.getOrDefault(row.id, List.of()),
                    scores.getOrDefault(row.id, List.of())));
        }
        return sessions;
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Override
    public Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        return inTransaction("update", false, s -> {
            AttemptJpaEntity row = s.createNativeQuery(LOCK_ATTEMPT, AttemptJpaEntity.class)
                    .setParameter("sessionId", id.value())
                    .uniqueResult();
            if (row == null) {
                return Optional.empty();
            }
            ExamSession current = load(s, List.of(row)).get(0);
            ExamSession next = current.changedBy(change);
            if (next != current) {
                write(s, current, next);
            }
            return Optional.of(new Change(current, next));
        });
    }

    @Override
    public List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(finalize, "finalize");
        if (limit < 1) {
            return List.of();
        }
        return inTransaction("claimOverdue", false, s -> {
            List<ExamSession> overdue = load(s, s.createNativeQuery(CLAIM_OVERDUE, AttemptJpaEntity.class)
                    .setParameter("now", now)
                    .setParameter("limit", limit)
                    .getResultList());
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

    /** Writes only what differs: changed answers (upsert), cleared answers, the attempt row, a new result. */
    private static void write(StatelessSession s, ExamSession current, ExamSession next) {
        List<AnswerJpaEntity> changed = AttemptMapper.changedAnswers(current, next);
        if (!changed.isEmpty()) {
            s.upsertMultiple(changed);
        }
        List<Long> cleared = AttemptMapper.clearedAnswers(current, next);
        if (!cleared.isEmpty()) {
            s.createMutationQuery("delete from AnswerJpaEntity a where a.attemptId = :id and a.questionId in :questions")
                    .setParameter("id", current.attemptId())
                    .setParameterList("questions", cleared)
                    .executeUpdate();
        }
        s.update(AttemptMapper.toEntity(next));
        if (!Objects.equals(current.result(), next.result())) {
            if (current.result() != null && !current.result().byDomain().isEmpty()) {
                s.createMutationQuery("delete from DomainScoreJpaEntity d where d.attemptId = :id")
                        .setParameter("id", current.attemptId())
                        .executeUpdate();
            }
            if (next.result() != null && !next.result().byDomain().isEmpty()) {
                s.insertMultiple(AttemptMapper.domainScores(next));
            }
        }
    }

    // ---- health and lifecycle --------------------------------------------------------------------

    @Override
    public StoreHealth health() {
        try (Connection connection = dataSource.getConnection()) {
            return new StoreHealth(BACKEND, connection.isValid(1));
        } catch (SQLException | RuntimeException e) {
            return new StoreHealth(BACKEND, false);
        }
    }

    @Override
    public void close() {
        try {
            sessionFactory.close();
        } finally {
            dataSource.close();
        }
    }

    @Override
    public String toString() {
        return "JpaAttemptRepository[" + description + "]";
    }

    // ---- transactions and failures ---------------------------------------------------------------

    /**
     * Runs {@code work} in one transaction and commits. On any exception the transaction is rolled back;
     * database failures become {@link StoreUnavailable}, constraint violations and everything else
     * (exceptions of a change among them) propagate as they are.
     *
     * <p>A pooled connection that died with the server (a restart, a failover) fails at once; the work then
     * runs again on another connection, which is safe as long as nothing was committed: a change is a pure
     * function of the state. A failed commit is never repeated (its outcome is unknown).
     *
     * @param readOnly a read-only transaction on one snapshot (several statements agree with each other)
     */
    private <T> T inTransaction(String operation, boolean readOnly, Function<StatelessSession, T> work) {
        for (int tries = 1; ; tries++) {
            StatelessSession session;
            try {
                session = sessionFactory.openStatelessSession();
            } catch (RuntimeException e) {
                throw translate(operation, e);
            }
            Transaction tx = null;
            boolean committing = false;
            long started = System.nanoTime();
            try {
                tx = session.beginTransaction();
                if (readOnly) {
                    session.doWork(JpaAttemptRepository::readOnlySnapshot);
                }
                T result = work.apply(session);
                committing = true;
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(tx, e);
                if (!committing && tries <= MAX_STALE_CONNECTIONS && isStaleConnection(e)
                        && System.nanoTime() - started < STALE_FAILS_WITHIN_NANOS) {
                    LOG.debug("{}: a pooled connection was dead, trying another one", operation);
                    continue;
                }
                throw translate(operation, e);
            } finally {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing a session failed", e);
                }
            }
        }
    }

    private static void readOnlySnapshot(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set transaction isolation level repeatable read, read only");
        }
    }

    private static void rollback(Transaction tx, RuntimeException cause) {
        if (tx == null) {
            return;
        }
        try {
            if (tx.getStatus().canRollback()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static RuntimeException translate(String operation, RuntimeException e) {
        if (e instanceof ConstraintViolationException || !isDatabaseException(e)) {
            return e;
        }
        String state = sqlState(e);
        if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
            // the database answered and refused: a bug, not an outage
            return new IllegalStateException("PostgreSQL refused " + operation + " (SQLState " + state + "): "
                    + rootMessage(e), e);
        }
        LOG.warn("Attempt record unavailable ({} failed): {}", operation, rootMessage(e));
        return new StoreUnavailable("The exam record is unavailable right now.", e);
    }

    private static boolean isDatabaseException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PersistenceException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * An established connection that broke (I/O error, closed, server terminated the session) — not a pool
     * that cannot connect, which means the server is down and must answer fast.
     */
    private static boolean isStaleConnection(Throwable e) {
        if (hasCause(e, java.sql.SQLTransientConnectionException.class)
                || hasCause(e, java.net.SocketTimeoutException.class)) {
            return false;
        }
        String state = sqlState(e);
        return "08006".equals(state) || "08003".equals(state) || "57P01".equals(state) || "57P02".equals(state);
    }

    private static boolean isConnectionFailure(Throwable e) {
        String state = sqlState(e);
        return (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")))
                || hasCause(e, java.net.ConnectException.class) || hasCause(e, java.net.SocketException.class)
                || hasCause(e, java.sql.SQLTransientConnectionException.class);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String constraintName(ConstraintViolationException e) {
        if (e.getConstraintName() != null) {
            return e.getConstraintName();
        }
        if (e.getSQLException() instanceof org.postgresql.util.PSQLException psql
                && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
