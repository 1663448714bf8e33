package dev.examsessions.bootstrap;

import dev.examsessions.adapter.jpa.JpaAttemptRepository;
import dev.examsessions.adapter.memory.InMemoryAttemptRepository;
import dev.examsessions.adapter.memory.InMemoryRateLimiter;
import dev.examsessions.adapter.memory.InMemorySessionAdapter;
import dev.examsessions.adapter.redis.RedisAdapters;
import dev.examsessions.adapter.redis.RedisSettings;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.failover.Backoff;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.failover.FailoverSessionPort;
import dev.examsessions.domain.failover.FallbackMode;
import dev.examsessions.domain.failover.FallbackRateLimiter;
import dev.examsessions.domain.failover.NoCopySessionPort;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.failover.UnavailableSessionPort;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The adapters chosen by the configuration: where session copies and attempts live, and the start limiter. */
record Stores(SessionPort sessions, AttemptRepository attempts, RateLimiter startLimiter,
              Optional<InMemorySessionAdapter> memorySessions, Optional<InMemoryAttemptRepository> memoryAttempts) {
    private static final Logger LOG = LoggerFactory.getLogger("SessionManager");

    /** Where session copies live. */
    enum SessionBackend { MEMORY, REDIS }

    /** Where attempts live. */
    enum AttemptBackend { MEMORY, POSTGRESQL }

    private static RedisSettings redisSettings(String url) {
        try {
            return RedisSettings.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static AttemptRepository connectDatabase(String url, MeterRegistry registry, int poolSize) {
        try {
            return JpaAttemptRepository.connect(url, registry, poolSize);
        } catch (StoreUnavailable e) {
            // Without its source of truth the service must not start: say which variable to check.
            throw new ConfigException("DATABASE_URL: cannot reach PostgreSQL (" + e.getMessage()
                    + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()) + ")");
        }
    }

    /**
     * Opens every store; each is added to {@code resources} (closed in order) as soon as it exists. The session
     * store reports to {@code events}; the connection pools register their meters in {@code registry}.
     */
    static Stores open(AppConfig config, Clock clock, List<AutoCloseable> resources, ExamEvents events,
                       MeterRegistry registry) {
        AttemptBackend attemptBackend = config.databaseUrl() == null ? AttemptBackend.MEMORY : AttemptBackend.POSTGRESQL;
        Optional<InMemoryAttemptRepository> memoryAttempts = switch (attemptBackend) {
            case MEMORY -> Optional.of(InMemoryAttemptRepository.create(clock, config.memoryAttemptRetention(),
                    config.memoryAttemptMax()));
            case POSTGRESQL -> Optional.empty();
        };
        AttemptRepository attempts = memoryAttempts.isPresent() ? memoryAttempts.get()
                : connectDatabase(config.databaseUrl(), registry, config.databasePoolSize());
        resources.add(attempts);
        memoryAttempts.ifPresent(memory -> LOG.info("[SessionManager] Attempts in memory: {}; set DATABASE_URL to keep"
                + " history and results for good", memory));

        RateLimiter localLimiter = InMemoryRateLimiter.create(config.examStartRateLimit().limit(),
                config.examStartRateLimit().window(), clock);
        SessionBackend sessionBackend = config.useRedis() ? SessionBackend.REDIS : SessionBackend.MEMORY;
        return switch (sessionBackend) {
            case MEMORY -> {
                LOG.info("[SessionManager] Using in-memory storage (development mode)");
                InMemorySessionAdapter memory = InMemorySessionAdapter.create(config.sessionTtl(), clock);
                resources.add(0, memory);
                yield new Stores(memory, attempts, localLimiter, Optional.of(memory), memoryAttempts);
            }
            case REDIS -> {
                if (attemptBackend == AttemptBackend.MEMORY) {
                    LOG.warn("[SessionManager] USE_REDIS=true without DATABASE_URL: attempts live in this process's memory."
                            + " Run ONE instance only; set DATABASE_URL for several instances.");

                }
                RedisAdapters redis = RedisAdapters.open(redisSettings(config.redisUrl())
                        .withPool(config.redisPoolSize(), RedisSettings.DEFAULT_POOL_MAX_WAIT), config.sessionTtl(), clock);
                redis.poolMetrics().bindTo(registry);
                Optional<InMemorySessionAdapter> memory = config.fallback() == FallbackMode.MEMORY
                        ? Optional.of(InMemorySessionAdapter.create(config.sessionTtl(), clock))
                        : Optional.empty();
                SessionPort fallback = switch (config.fallback()) {
                    case MEMORY -> memory.orElseThrow();
                    case DATABASE -> new NoCopySessionPort();
                    case FAIL -> new UnavailableSessionPort();
                };
                FailoverSessionPort sessions = new FailoverSessionPort(redis.sessions(), fallback, config.fallback(),
                        "Redis", Backoff.DEFAULT, clock, events);
                resources.add(0, sessions);
                sessions.start();
                RateLimiter limiter = new FallbackRateLimiter(redis.rateLimiter(config.examStartRateLimit().limit(),
                        config.examStartRateLimit().window()), localLimiter);
                yield new Stores(sessions, attempts, limiter, memory, memoryAttempts);
            }
        };
    }
}
