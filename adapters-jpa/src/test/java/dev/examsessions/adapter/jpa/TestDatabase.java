package dev.examsessions.adapter.jpa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped on {@link #close()}. The server is, in this
 * order: {@code TEST_DATABASE_URL}; a Testcontainers PostgreSQL when Docker is available; the local server on
 * 127.0.0.1:5432 (user postgres) answering {@code SELECT 1}. Without any of them the test fails and says what to
 * start; it is never skipped.
 */
public final class TestDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOCAL_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String LOCAL_USER = "postgres";
    private static Server server;

    private final Server on;
    private final String name;

    private TestDatabase(Server on, String name) {
        this.on = on;
        this.name = name;
    }

    /** Creates a new empty database named {@code exam_test_<random>} on the test server. */
    public static TestDatabase create() {
        Server s = server();
        String name = "exam_test_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
        try (Connection c = s.connect(s.adminDatabase); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + s.describe()
                    + " (the user needs CREATEDB): " + e.getMessage(), e);
        }
        return new TestDatabase(s, name);
    }

    /** {@code postgresql://user[:password]@host:port/db}: the form {@code DATABASE_URL} takes. */
    public String url() {
        return url(on.host, on.port);
    }

    /** The same database reached through another host and port (a proxy). */
    public String url(String host, int port) {
        String credentials = encode(on.user) + (on.password == null ? "" : ":" + encode(on.password));
        return "postgresql://" + credentials + "@" + host + ":" + port + "/" + name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + on.host + ":" + on.port + "/" + name;
    }

    public String host() {
        return on.host;
    }

    public int port() {
        return on.port;
    }

    public String user() {
        return on.user;
    }

    public String password() {
        return on.password;
    }

    public String name() {
        return name;
    }

    /** A direct connection (auto-commit), bypassing the repository. */
    public Connection connect() throws SQLException {
        return on.connect(name);
    }

    @Override
    public void close() {
        try (Connection c = on.connect(on.adminDatabase); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- finding a server --------------------------------------------------------------------------

    private static synchronized Server server() {
        if (server == null) {
            server = findServer();
            LOG.info("Test databases on PostgreSQL at {}", server.describe());
        }
        return server;
    }

    private static Server findServer() {
        String explicit = System.getenv("TEST_DATABASE_URL");
        if (explicit != null && !explicit.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(explicit);
            Server s = Server.fromJdbcUrl(url.jdbcUrl(), url.user(), url.password());
            try (Connection c = s.connect(s.adminDatabase)) {
                return s;
            } catch (SQLException e) {
                throw new IllegalStateException("TEST_DATABASE_URL is set but " + s.describe()
                        + " does not answer: " + e.getMessage(), e);
            }
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            // stopped by Testcontainers' reaper when the JVM ends
            return Server.fromJdbcUrl(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        LOG.info("No TEST_DATABASE_URL and no Docker for Testcontainers: trying the local PostgreSQL on 127.0.0.1:5432");
        Server local = new Server("127.0.0.1", 5432, "postgres", LOCAL_USER, null);
        try (Connection c = local.connect(local.adminDatabase); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return local;
        } catch (SQLException e) {
            throw new IllegalStateException("""
                    No PostgreSQL for the adapters-jpa tests. Either
                      - set TEST_DATABASE_URL=postgresql://user:pass@host:5432/db (the user needs CREATEDB), or
                      - start Docker (Testcontainers runs postgres:15-alpine), or
                      - start the local server on 127.0.0.1:5432 with user postgres (trust or no password):
                          pg_ctlcluster 15 main start
                    (local probe failed: %s)""".formatted(e.getMessage()), e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A PostgreSQL server and the credentials the tests use on it. */
    private record Server(String host, int port, String adminDatabase, String user, String password) {
        static Server fromJdbcUrl(String jdbcUrl, String user, String password) {
            Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
            if (parsed == null) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
            int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
            String database = parsed.getProperty("PGDBNAME", "postgres");
            String u = user != null ? user : parsed.getProperty("user", LOCAL_USER);
            String p = password != null ? password : parsed.getProperty("password");
            return new Server(host, port, database.isEmpty() ? "postgres" : database, u, p);
        }

        Connection connect(String database) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", "3");
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
        }

        String describe() {
            return host + ":" + port + "/" + adminDatabase + " as " + user;
        }
    }
}
