package dev.examsessions.bootstrap;

import dev.examsessions.domain.failover.FallbackMode;
import dev.examsessions.web.WebSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Everything the service reads from its environment, validated once at start. */
public record AppConfig(
        int port,
        boolean useRedis,
        String redisUrl,
        FallbackMode fallback,
        Duration sessionTtl,
        Duration cleanupInterval,
        String databaseUrl,
        String authSecret,
        String authIssuer,
        String authAudience,
        List<String> corsOrigins,
        List<String> corsAllowedHeaders,
        RateLimitSetting examStartRateLimit,
        Path questionBankFile,
        Path examCatalogFile,
        Duration shutdownDrain,
        Duration memoryAttemptRetention,
        int memoryAttemptMax,
        int redisPoolSize,
        int httpThreads,
        int databasePoolSize) {

    /** Upper bound of {@code HTTP_THREADS}: far more threads than two cores serve only catches typos. */
    static final int HTTP_THREADS_LIMIT = 1024;
    /** Upper bound of {@code REDIS_POOL_SIZE}: far more connections than request threads only catches typos. */
    static final int REDIS_POOL_SIZE_LIMIT = 1024;
    /** Default of {@code DATABASE_POOL_SIZE}; what it was chosen from is in BENCHMARKS.md. */
    static final int DEFAULT_DATABASE_POOL_SIZE = 10;
    /** Upper bound of {@code DATABASE_POOL_SIZE}: PostgreSQL's own connection limit is far below it. */
    static final int DATABASE_POOL_SIZE_LIMIT = 1024;
    /** Upper bound of {@code MEMORY_ATTEMPT_MAX}: far beyond what a heap holds, it only catches typos. */
    static final int MEMORY_ATTEMPT_MAX_LIMIT = 10_000_000;
    private static final Pattern DURATION = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)$");

    public AppConfig {
        corsOrigins = List.copyOf(corsOrigins);
        corsAllowedHeaders = List.copyOf(corsAllowedHeaders);
    }

    /** True when neither Redis nor a database is configured: the only set-up where dev auth is allowed. */
    public boolean memoryOnly() {
        return !useRedis && databaseUrl == null;
    }

    /** Reads the process environment merged over an optional {@code .env} in the working directory. */
    public static AppConfig fromEnvironment() {
        return fromEnv(DotEnv.merge(Path.of(".env"), System.getenv()));
    }

    public static AppConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        int port = r.integer("PORT", 3000, 0, 65535);
        boolean useRedis = r.bool("USE_REDIS", false);
        String redisUrl = r.string("REDIS_URL", "redis://localhost:6379");
        if (!redisUrl.matches("^(redis|rediss|redis-sentinel|redis-cluster)://.+")) {
            throw new ConfigException("REDIS_URL must start with redis://, rediss://, redis-sentinel:// or redis-cluster:// "
                    + "(see README, 'Redis URL forms')");
        }
        int httpThreads = r.integer("HTTP_THREADS", WebSettings.DEFAULT_MAX_THREADS, WebSettings.MIN_MAX_THREADS,
                HTTP_THREADS_LIMIT);
        // a request holds one Redis connection per call; past this many concurrent calls, the others wait for one.
        // By default one per request thread, so that a request never waits for a connection (issue 10).
        int redisPoolSize = r.integer("REDIS_POOL_SIZE", httpThreads, 1, REDIS_POOL_SIZE_LIMIT);
        String databaseUrl = r.optional("DATABASE_URL");
        int databasePoolSize = r.integer("DATABASE_POOL_SIZE", DEFAULT_DATABASE_POOL_SIZE, 1, DATABASE_POOL_SIZE_LIMIT);
        if (databaseUrl != null && !databaseUrl.startsWith("postgresql://") && !databaseUrl.startsWith("postgres://")
                && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("DATABASE_URL must be postgresql://user:pass@host:5432/db or a jdbc:postgresql: URL");
        }
        String fallbackRaw = r.string("SESSION_STORE_FALLBACK", databaseUrl != null ? "database" : "memory");
        FallbackMode fallback = FallbackMode.fromWire(fallbackRaw.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new ConfigException("SESSION_STORE_FALLBACK must be one of database, memory, fail; not '" + fallbackRaw + "'"));
        if (fallback == FallbackMode.DATABASE && databaseUrl == null) {
            throw new ConfigException("SESSION_STORE_FALLBACK=database needs DATABASE_URL; use memory or fail without a database");
        }
        Duration ttl = r.duration("SESSION_TTL", "6h");
        Duration cleanup = r.duration("SESSION_CLEANUP_INTERVAL", "5m");
        String secret = r.optional("AUTH_SECRET");
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException("AUTH_SECRET must be at least 32 bytes long (HS256 secret)");
        }
        List<String> cors = Arrays.stream(r.string("CORS_ORIGINS", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String origin : cors) {
            if (!origin.matches("^https?://[^/\\s]+$")) {
                throw new ConfigException("CORS_ORIGINS entries must be origins like https://exam.example.com, not '" + origin + "'");
            }
        }
        List<String> corsHeaders = Arrays.stream(r.string("CORS_ALLOWED_HEADERS",
                        String.join(",", WebSettings.DEFAULT_CORS_ALLOWED_HEADERS)).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String header : corsHeaders) {
            if (!header.matches("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")) {
                throw new ConfigException("CORS_ALLOWED_HEADERS entries must be header names like traceparent, not '"
                        + header + "'");
            }
        }
        RateLimitSetting rate = RateLimitSetting.parse("EXAM_START_RATE_LIMIT", r.string("EXAM_START_RATE_LIMIT", "20/m"));
        Path bank = r.file("QUESTION_BANK_FILE");
        Path catalog = r.file("EXAM_CATALOG_FILE");
        Duration drain = r.duration("SHUTDOWN_DRAIN", "10s");
        // only used without DATABASE_URL (attempts in memory); PostgreSQL keeps every attempt
        Duration retention = r.duration("MEMORY_ATTEMPT_RETENTION", "30d");
        int attemptMax = r.integer("MEMORY_ATTEMPT_MAX", 50_000, 1, MEMORY_ATTEMPT_MAX_LIMIT);
        // read by logback.xml itself (from the process environment); checked here so a typo fails the start
        String logFormat = r.string("LOG_FORMAT", "text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("LOG_FORMAT must be text or json, not '" + logFormat + "'");
        }
        AppConfig config = new AppConfig(port, useRedis, redisUrl, fallback, ttl, cleanup, databaseUrl, secret,
                r.optional("AUTH_ISSUER"), r.optional("AUTH_AUDIENCE"), cors, corsHeaders, rate, bank, catalog, drain,
                retention, attemptMax, redisPoolSize, httpThreads, databasePoolSize);
        if (secret == null && !config.memoryOnly()) {
            throw new ConfigException("AUTH_SECRET is required when USE_REDIS=true or DATABASE_URL is set "
                    + "(set a random secret of at least 32 bytes); dev auth mode is only for the in-memory set-up");
        }
        return config;
    }

    /** Typed access to the variables, failing with the variable's name and the allowed values. */
    private record Reader(Map<String, String> env) {
        String optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        String string(String name, String fallback) {
            String v = optional(name);
            return v == null ? fallback : v;
        }

        boolean bool(String name, boolean fallback) {
            String v = optional(name);
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name + " must be true or false, not '" + v + "'");
            };
        }

        int integer(String name, int fallback, int min, int max) {
            String v = optional(name);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
        }

        Duration duration(String name, String fallback) {
            String v = string(name, fallback);
            Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
            Duration d = null;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                try {
                    d = Duration.parse(v.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException ignored) {
                    // reported below
                }
            }
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ConfigException(name + " must be a positive duration such as 500ms, 30s, 5m, 6h or PT6H, not '" + v + "'");
            }
            return d;
        }

        Path file(String name) {
            String v = optional(name);
            if (v == null) {
                return null;
            }
            Path p = Path.of(v);
            if (!Files.isReadable(p)) {
                throw new ConfigException(name + " points to '" + v + "', which is not a readable file");
            }
            return p;
        }
    }
}
