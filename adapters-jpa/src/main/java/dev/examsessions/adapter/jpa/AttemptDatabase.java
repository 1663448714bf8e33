package dev.examsessions.adapter.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.examsessions.domain.error.StoreUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import static dev.examsessions.adapter.jpa.PostgresFailures.isConnectionFailure;
import static dev.examsessions.adapter.jpa.PostgresFailures.rootMessage;

/** The attempts database: a Hikari pool, the schema migrated by Flyway, Hibernate validated against it. */
final class AttemptDatabase implements AutoCloseable {
    // the adapter logs under one name, as it did before it was split
    private static final Logger LOG = LoggerFactory.getLogger(JpaAttemptRepository.class);
    static final int POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final String description;

    private AttemptDatabase(HikariDataSource dataSource, SessionFactory sessionFactory, String description) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.description = description;
    }

    /**
     * Connects, migrates the schema and checks the mapping against it.
     *
     * @param registry where the pool's meters go, or null for none
     * @throws IllegalArgumentException when the URL is not one {@link DatabaseUrl} accepts
     * @throws StoreUnavailable         when the database cannot be reached or migrated
     */
    static AttemptDatabase open(String databaseUrl, Map<String, Object> hibernateProperties, MeterRegistry registry,
                                int poolSize) {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        HikariDataSource dataSource;
        try {
            HikariConfig config = poolConfig(url, poolSize);
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
            return new AttemptDatabase(dataSource, sessionFactory, url.describe());
        } catch (RuntimeException e) {
            dataSource.close();
            if (isConnectionFailure(e)) {
                throw new StoreUnavailable("Cannot reach PostgreSQL at " + url.describe() + ": "
                        + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static HikariConfig poolConfig(DatabaseUrl url, int poolSize) {
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
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
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

    SessionFactory sessionFactory() {
        return sessionFactory;
    }

    /** Whether a pooled connection answers within a second. */
    boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Where the database is, without the password. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            sessionFactory.close();
        } finally {
            dataSource.close();
        }
    }
}
