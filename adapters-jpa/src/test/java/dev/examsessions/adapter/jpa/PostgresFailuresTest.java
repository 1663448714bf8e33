package dev.examsessions.adapter.jpa;

import jakarta.persistence.PersistenceException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How failures of PostgreSQL, its driver and Hibernate are classified, without a database. */
class PostgresFailuresTest {
    private static final String INSERT = "insert into attempts (id, session_id) values (?, ?)";

    @Test
    void aBrokenEstablishedConnectionIsStale() {
        assertTrue(PostgresFailures.isStaleConnection(jdbc("08006")), "I/O error on the connection");
        assertTrue(PostgresFailures.isStaleConnection(jdbc("08003")), "connection closed");
        assertTrue(PostgresFailures.isStaleConnection(jdbc("57P01")), "terminated by the administrator");
        assertTrue(PostgresFailures.isStaleConnection(jdbc("57P02")), "crash shutdown");
    }

    @Test
    void aPoolThatCannotConnectOrATimeoutIsNotStale() {
        assertFalse(PostgresFailures.isStaleConnection(
                new JDBCException("pool", new SQLTransientConnectionException("Connection is not available",
                        "08003"))));
        SQLException timedOut = new SQLException("read timed out", "08006",
                new SocketTimeoutException("Read timed out"));
        assertFalse(PostgresFailures.isStaleConnection(new JDBCException("query", timedOut)));
        assertFalse(PostgresFailures.isStaleConnection(jdbc("08001")), "could not connect at all");
        assertFalse(PostgresFailures.isStaleConnection(jdbc("23505")));
        assertFalse(PostgresFailures.isStaleConnection(new IllegalStateException("no SQLState")));
    }

    @Test
    void connectionFailuresBySqlStateOrCause() {
        assertTrue(PostgresFailures.isConnectionFailure(jdbc("08001")));
        assertTrue(PostgresFailures.isConnectionFailure(jdbc("57P03")), "the server is starting up");
        assertTrue(PostgresFailures.isConnectionFailure(jdbc("53300")), "too many connections");
        assertTrue(PostgresFailures.isConnectionFailure(
                new RuntimeException("migrate", new ConnectException("Connection refused"))));
        assertTrue(PostgresFailures.isConnectionFailure(new SQLTransientConnectionException("pool timeout")));
        assertFalse(PostgresFailures.isConnectionFailure(jdbc("42P01")), "a missing table is no outage");
        assertFalse(PostgresFailures.isConnectionFailure(new IllegalArgumentException("bad")));
    }

    @Test
    void refusalsAreDataConstraintAndSqlErrors() {
        assertTrue(PostgresFailures.isRefusal(jdbc("22001")));
        assertTrue(PostgresFailures.isRefusal(jdbc("23505")));
        assertTrue(PostgresFailures.isRefusal(jdbc("42703")));
        assertFalse(PostgresFailures.isRefusal(jdbc("08006")));
        assertFalse(PostgresFailures.isRefusal(jdbc("53300")));
        assertFalse(PostgresFailures.isRefusal(new PersistenceException("no SQLState")));
    }

    @Test
    void databaseExceptionsAreFoundAnywhereInTheCauseChain() {
        assertTrue(PostgresFailures.isDatabaseException(new PersistenceException("jpa")));
        assertTrue(PostgresFailures.isDatabaseException(new RuntimeException("wrapped", new SQLException("jdbc"))));
        assertFalse(PostgresFailures.isDatabaseException(new IllegalStateException("a change failed")));
    }

    @Test
    void sqlStateIsTheFirstOneInTheCauseChain() {
        SQLException inner = new SQLException("inner", "57P01");
        assertEquals("57P01",
                PostgresFailures.sqlState(new RuntimeException(new SQLException("no state", null, inner))));
        assertEquals("08006", PostgresFailures.sqlState(new SQLException("outer", "08006", inner)));
        assertNull(PostgresFailures.sqlState(new RuntimeException("none")));
    }

    @Test
    void constraintNameFromHibernateElseFromTheServer() {
        PSQLException server = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0nattempts_pkey\0"));
        assertEquals("attempts_session_id_key", PostgresFailures.constraintName(
                new ConstraintViolationException("insert", server, INSERT, "attempts_session_id_key")));
        assertEquals("attempts_pkey", PostgresFailures.constraintName(
                new ConstraintViolationException("insert", server, INSERT, null)));
        assertNull(PostgresFailures.constraintName(
                new ConstraintViolationException("insert", new SQLException("dup", "23505"), INSERT, null)));
    }

    @Test
    void rootMessageNamesTheInnermostCause() {
        RuntimeException e = new RuntimeException("outer",
                new SQLException("middle", new ConnectException("Connection refused")));
        assertEquals("ConnectException: Connection refused", PostgresFailures.rootMessage(e));
        assertEquals("IllegalStateException: alone", PostgresFailures.rootMessage(new IllegalStateException("alone")));
    }

    private static JDBCException jdbc(String sqlState) {
        return new JDBCException("statement failed", new SQLException("server said no", sqlState));
    }
}
