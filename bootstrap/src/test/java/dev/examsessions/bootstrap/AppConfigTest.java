package dev.examsessions.bootstrap;

import dev.examsessions.domain.failover.FallbackMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void defaultsAreTheEmbeddedSetUp() {
        AppConfig c = AppConfig.fromEnv(Map.of());
        assertEquals(3000, c.port());
        assertFalse(c.useRedis());
        assertEquals("redis://localhost:6379", c.redisUrl());
        assertEquals(FallbackMode.MEMORY, c.fallback());
        assertEquals(Duration.ofHours(6), c.sessionTtl());
        assertEquals(Duration.ofMinutes(5), c.cleanupInterval());
        assertNull(c.databaseUrl());
        assertNull(c.authSecret());
        assertTrue(c.memoryOnly());
        assertEquals(List.of(), c.corsOrigins());
        assertEquals(List.of("traceparent", "tracestate", "baggage", "sentry-trace"), c.corsAllowedHeaders());
        assertEquals(new RateLimitSetting(20, Duration.ofMinutes(1)), c.examStartRateLimit());
        assertEquals(Duration.ofSeconds(10), c.shutdownDrain());
        assertEquals(Duration.ofDays(30), c.memoryAttemptRetention());
        assertEquals(50_000, c.memoryAttemptMax());
    }

    @Test
    void readsEveryVariable() {
        AppConfig c = AppConfig.fromEnv(Map.of("PORT", "8080", "SESSION_TTL", "90m", "SESSION_CLEANUP_INTERVAL", "30s",
                "AUTH_SECRET", SECRET, "CORS_ORIGINS", "https://a.example, http://localhost:5173",
                "EXAM_START_RATE_LIMIT", "5/h", "SHUTDOWN_DRAIN", "PT3S", "SESSION_STORE_FALLBACK", "fail",
                "MEMORY_ATTEMPT_RETENTION", "7d", "MEMORY_ATTEMPT_MAX", "2000"));
        assertEquals(8080, c.port());
        assertEquals(Duration.ofMinutes(90), c.sessionTtl());
        assertEquals(Duration.ofSeconds(30), c.cleanupInterval());
        assertEquals(List.of("https://a.example", "http://localhost:5173"), c.corsOrigins());
        assertEquals(new RateLimitSetting(5, Duration.ofHours(1)), c.examStartRateLimit());
        assertEquals(Duration.ofSeconds(3), c.shutdownDrain());
        assertEquals(FallbackMode.FAIL, c.fallback());
        assertEquals(Duration.ofDays(7), c.memoryAttemptRetention());
        assertEquals(2000, c.memoryAttemptMax());
        assertEquals(64, AppConfig.fromEnv(Map.of("REDIS_POOL_SIZE", "64")).redisPoolSize());
        // one Redis connection per request thread unless set (was 16 before HTTP_THREADS existed, issue 10)
        assertEquals(32, AppConfig.fromEnv(Map.of()).redisPoolSize());
        assertEquals(32, AppConfig.fromEnv(Map.of()).httpThreads());
        assertEquals(48, AppConfig.fromEnv(Map.of("HTTP_THREADS", "48")).httpThreads());
        assertEquals(48, AppConfig.fromEnv(Map.of("HTTP_THREADS", "48")).redisPoolSize());
        assertEquals(8, AppConfig.fromEnv(Map.of("HTTP_THREADS", "48", "REDIS_POOL_SIZE", "8")).redisPoolSize());
        assertEquals(Duration.ofHours(36), AppConfig.fromEnv(Map.of("MEMORY_ATTEMPT_RETENTION", "PT36H")).memoryAttemptRetention());
        assertEquals(10, AppConfig.fromEnv(Map.of()).databasePoolSize());
        assertEquals(24, AppConfig.fromEnv(Map.of("DATABASE_POOL_SIZE", "24")).databasePoolSize());
    }

    @Test
    void databaseUrlMakesDatabaseTheDefaultFallback() {
        AppConfig c = AppConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@localhost:5432/db", "AUTH_SECRET", SECRET));
        assertEquals(FallbackMode.DATABASE, c.fallback());
        assertFalse(c.memoryOnly());
    }

    private static String failure(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> AppConfig.fromEnv(env)).getMessage();
    }

    @Test
    void invalidValuesNameTheVariableAndTheAllowedValues() {
        assertTrue(failure(Map.of("PORT", "http")).contains("PORT"));
        assertTrue(failure(Map.of("PORT", "70000")).contains("0 to 65535"));
        assertTrue(failure(Map.of("USE_REDIS", "yes")).contains("USE_REDIS must be true or false"));
        assertTrue(failure(Map.of("SESSION_STORE_FALLBACK", "disk")).contains("database, memory, fail"));
        assertTrue(failure(Map.of("LOG_FORMAT", "xml")).contains("LOG_FORMAT must be text or json"));
        assertEquals(3000, AppConfig.fromEnv(Map.of("LOG_FORMAT", "json")).port());
        assertTrue(failure(Map.of("SESSION_STORE_FALLBACK", "database")).contains("DATABASE_URL"));
        assertTrue(failure(Map.of("SESSION_TTL", "soon")).contains("SESSION_TTL"));
        assertTrue(failure(Map.of("SESSION_TTL", "0s")).contains("positive"));
        assertTrue(failure(Map.of("AUTH_SECRET", "short")).contains("at least 32 bytes"));
        assertTrue(failure(Map.of("EXAM_START_RATE_LIMIT", "lots")).contains("EXAM_START_RATE_LIMIT"));
        assertTrue(failure(Map.of("REDIS_URL", "http://x")).contains("REDIS_URL"));
        assertEquals("redis-sentinel://h1:26379,h2:26379/mymaster",
                AppConfig.fromEnv(Map.of("REDIS_URL", "redis-sentinel://h1:26379,h2:26379/mymaster")).redisUrl());
        assertTrue(failure(Map.of("DATABASE_URL", "mysql://x", "AUTH_SECRET", SECRET)).contains("DATABASE_URL"));
        assertTrue(failure(Map.of("CORS_ORIGINS", "*")).contains("CORS_ORIGINS"));
        assertEquals(List.of("x-request-id", "traceparent"),
                AppConfig.fromEnv(Map.of("CORS_ALLOWED_HEADERS", " x-request-id, traceparent ")).corsAllowedHeaders());
        assertTrue(failure(Map.of("CORS_ALLOWED_HEADERS", "x-ok, bad header")).contains("CORS_ALLOWED_HEADERS"));
        assertTrue(failure(Map.of("CORS_ALLOWED_HEADERS", "a:b")).contains("CORS_ALLOWED_HEADERS"));
        assertTrue(failure(Map.of("QUESTION_BANK_FILE", "/no/such/file.json")).contains("QUESTION_BANK_FILE"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_RETENTION", "a month")).contains("MEMORY_ATTEMPT_RETENTION must be a positive duration"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_RETENTION", "0d")).contains("MEMORY_ATTEMPT_RETENTION"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_RETENTION", "-30d")).contains("MEMORY_ATTEMPT_RETENTION"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_MAX", "0")).contains("MEMORY_ATTEMPT_MAX must be a whole number from 1 to 10000000"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_MAX", "lots")).contains("MEMORY_ATTEMPT_MAX"));
        assertTrue(failure(Map.of("MEMORY_ATTEMPT_MAX", "99999999999")).contains("MEMORY_ATTEMPT_MAX"));
        assertTrue(failure(Map.of("REDIS_POOL_SIZE", "0")).contains("REDIS_POOL_SIZE must be a whole number from 1 to 1024"));
        assertTrue(failure(Map.of("REDIS_POOL_SIZE", "many")).contains("REDIS_POOL_SIZE"));
        assertTrue(failure(Map.of("REDIS_POOL_SIZE", "5000")).contains("REDIS_POOL_SIZE"));
        assertTrue(failure(Map.of("DATABASE_POOL_SIZE", "0")).contains("DATABASE_POOL_SIZE must be a whole number from 1 to 1024"));
        assertTrue(failure(Map.of("HTTP_THREADS", "8")).contains("HTTP_THREADS must be a whole number from 16 to 1024"));
        assertTrue(failure(Map.of("HTTP_THREADS", "lots")).contains("HTTP_THREADS"));
        assertTrue(failure(Map.of("HTTP_THREADS", "5000")).contains("HTTP_THREADS"));
    }

    @Test
    void aMissingSecretStopsStartupWhenRedisOrADatabaseIsConfigured() {
        assertTrue(failure(Map.of("USE_REDIS", "true")).contains("AUTH_SECRET is required"));
        assertTrue(failure(Map.of("DATABASE_URL", "postgresql://localhost/db")).contains("AUTH_SECRET is required"));
    }

    @Test
    void dotEnvIsReadAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, String.join("\n",
                "# comment", "export PORT=4000", "SESSION_TTL=\"2h\"", "CORS_ORIGINS=https://x.example # trailing", ""));
        Map<String, String> merged = DotEnv.merge(file, Map.of("PORT", "5000"));
        AppConfig c = AppConfig.fromEnv(merged);
        assertEquals(5000, c.port());
        assertEquals(Duration.ofHours(2), c.sessionTtl());
        assertEquals(List.of("https://x.example"), c.corsOrigins());
    }

    @Test
    void aBrokenDotEnvLineIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "JUST_A_WORD\n");
        ConfigException e = assertThrows(ConfigException.class, () -> DotEnv.merge(file, Map.of()));
        assertTrue(e.getMessage().contains("line 1"));
    }
}
