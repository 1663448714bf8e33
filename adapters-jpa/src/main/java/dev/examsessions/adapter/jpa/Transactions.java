package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.error.StoreUnavailable;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

import static dev.examsessions.adapter.jpa.PostgresFailures.isDatabaseException;
import static dev.examsessions.adapter.jpa.PostgresFailures.isRefusal;
import static dev.examsessions.adapter.jpa.PostgresFailures.isStaleConnection;
import static dev.examsessions.adapter.jpa.PostgresFailures.rootMessage;
import static dev.examsessions.adapter.jpa.PostgresFailures.sqlState;

/** Runs work in one database transaction: commit or rollback, a dead pooled connection retried, failures translated. */
final class Transactions {
    // the adapter logs under one name, as it did before it was split
    private static final Logger LOG = LoggerFactory.getLogger(JpaAttemptRepository.class);
    /** A server restart can leave every pooled connection dead. */
    private static final int MAX_STALE_CONNECTIONS = AttemptDatabase.POOL_SIZE;
    /** A dead pooled connection fails at once; a slow failure (a timeout) is never repeated. */
    private static final long STALE_FAILS_WITHIN_NANOS = 1_000_000_000L;

    private final SessionFactory sessionFactory;

    Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /**
     * Runs {@code work} in one transaction and commits. On any exception the transaction is rolled back;
     * database failures become {@link StoreUnavailable}, constraint violations and everything else
     * (exceptions of a change among them) propagate as they are.
     *
     * <p>A pooled connection that died with the server (a restart, a failover) fails at once; the work then
     * runs again on another connection, which is safe as long as nothing was committed: a change is a pure
     * function of the state. A failed commit is never repeated (its outcome is unknown).
     *
     * @param operation the port method, for messages and logs
     * @param readOnly  a read-only transaction on one snapshot (several statements agree with each other)
     */
    <T> T inTransaction(String operation, boolean readOnly, Function<StatelessSession, T> work) {
        for (int tries = 1; ; tries++) {
            StatelessSession session = open(operation);
            Transaction tx = null;
            boolean committing = false;
            long started = System.nanoTime();
            try {
                tx = session.beginTransaction();
                if (readOnly) {
                    session.doWork(Transactions::readOnlySnapshot);
                }
                T result = work.apply(session);
                committing = true;
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                rollback(tx, e);
                if (!committing && deadPooledConnection(operation, tries, started, e)) {
                    continue;
                }
                throw translate(operation, e);
            } finally {
                close(session);
            }
        }
    }

    /**
     * Runs {@code work} on one pooled connection in autocommit: each statement commits by itself, no {@code BEGIN}
     * or {@code COMMIT} round trip. Failures are translated as in {@link #inTransaction}; a dead pooled connection
     * is retried on another, so the work must be safe to run again (a statement guarded by a version is).
     */
    <T> T autocommit(String operation, ConnectionWork<T> work) {
        for (int tries = 1; ; tries++) {
            StatelessSession session = open(operation);
            long started = System.nanoTime();
            try {
                return session.doReturningWork(connection -> {
                    connection.setAutoCommit(true);
                    try {
                        return work.run(session, connection);
                    } finally {
                        restoreAutoCommitOff(connection);
                    }
                });
            } catch (RuntimeException e) {
                if (deadPooledConnection(operation, tries, started, e)) {
                    continue;
                }
                throw translate(operation, e);
            } finally {
                close(session);
            }
        }
    }

    private StatelessSession open(String operation) {
        try {
            return sessionFactory.openStatelessSession();
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
    }

    private static void close(StatelessSession session) {
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing a session failed", e);
        }
    }

    /** Whether {@code e} is a pooled connection found dead at once (not a slow failure), worth another try. */
    private static boolean deadPooledConnection(String operation, int tries, long started, RuntimeException e) {
        if (tries <= MAX_STALE_CONNECTIONS && isStaleConnection(e)
                && System.nanoTime() - started < STALE_FAILS_WITHIN_NANOS) {
            LOG.debug("{}: a pooled connection was dead, trying another one", operation);
            return true;
        }
        return false;
    }

    /** Back as the pool hands connections out; a broken connection fails here too, after its real failure. */
    private static void restoreAutoCommitOff(Connection connection) {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            LOG.debug("Could not turn auto-commit off again", e);
        }
    }

    /** JDBC work on the connection of {@code session}. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(StatelessSession session, Connection connection) throws SQLException;
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
        if (isRefusal(e)) {
            return new IllegalStateException("PostgreSQL refused " + operation + " (SQLState " + sqlState(e) + "): "
                    + rootMessage(e), e);
        }
        LOG.warn("Attempt record unavailable ({} failed): {}", operation, rootMessage(e));
        return new StoreUnavailable("The exam record is unavailable right now.", e);
    }
}
