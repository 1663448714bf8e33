package dev.examsessions.e2e;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A fresh PostgreSQL database {@code e2e_<random>} on the local server, dropped on close. The server is
 * {@code 127.0.0.1:5432}, user {@code postgres}, trust auth; override with the system properties
 * {@code e2e.pg.host}, {@code e2e.pg.port}, {@code e2e.pg.user}, {@code e2e.pg.password}.
 */
final class Database implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;

    private Database(String name) {
        this.name = name;
    }

    static Database create() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String name = "e2e_" + HexFormat.of().formatHex(bytes);
        admin("CREATE DATABASE " + name);
        return new Database(name);
    }

    /** {@code postgresql://user[:pass]@host:port/e2e_…}: the DATABASE_URL of the instances. */
    String url() {
        String password = password();
        return "postgresql://" + user() + (password.isEmpty() ? "" : ":" + password) + "@" + host() + ":" + port()
                + "/" + name;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        String jdbc = "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
        try (Connection c = DriverManager.getConnection(jdbc, user(), password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host() + ":" + port() + " (user " + user()
                    + ") refused `" + sql + "`: " + e.getMessage()
                    + " — start PostgreSQL there with trust auth for 127.0.0.1 (as .ci/run does)", e);
        }
    }

    private static String host() {
        return System.getProperty("e2e.pg.host", "127.0.0.1");
    }

    private static String port() {
        return System.getProperty("e2e.pg.port", "5432");
    }

    private static String user() {
        return System.getProperty("e2e.pg.user", "postgres");
    }

    private static String password() {
        return System.getProperty("e2e.pg.password", "");
    }

    @Override
    public String toString() {
        return "database " + name;
    }
}
