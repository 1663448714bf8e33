package dev.examsessions.adapter.jpa;

import jakarta.persistence.PersistenceException;
import org.hibernate.exception.ConstraintViolationException;
import org.postgresql.util.PSQLException;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Pure functions that classify what PostgreSQL, its JDBC driver and Hibernate throw. */
final class PostgresFailures {
    private PostgresFailures() {
    }

    /** Whether a database failure is anywhere in the cause chain (not an exception of the caller's own code). */
    static boolean isDatabaseException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PersistenceException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database answered and refused (bad data, a constraint, bad SQL: SQLState classes 22, 23, 42): a bug,
     * not an outage.
     */
    static boolean isRefusal(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
    }

    /**
     * An established connection that broke (I/O error, closed, server terminated the session) — not a pool
     * that cannot connect, which means the server is down and must answer fast.
     */
    static boolean isStaleConnection(Throwable e) {
        if (hasCause(e, SQLTransientConnectionException.class) || hasCause(e, SocketTimeoutException.class)) {
            return false;
        }
        String state = sqlState(e);
        return "08006".equals(state) || "08003".equals(state) || "57P01".equals(state) || "57P02".equals(state);
    }

    /** The server cannot be reached or is not accepting work (connection, operator intervention, resources). */
    static boolean isConnectionFailure(Throwable e) {
        String state = sqlState(e);
        return (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")))
                || hasCause(e, ConnectException.class) || hasCause(e, SocketException.class)
                || hasCause(e, SQLTransientConnectionException.class);
    }

    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The first SQLState in the cause chain, or null. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The violated constraint as Hibernate extracted it, else as the server reported it, else null. */
    static String constraintName(ConstraintViolationException e) {
        if (e.getConstraintName() != null) {
            return e.getConstraintName();
        }
        if (e.getSQLException() instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }

    /** {@code SimpleClassName: message} of the innermost cause. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
