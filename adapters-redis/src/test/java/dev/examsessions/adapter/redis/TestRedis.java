package dev.examsessions.adapter.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.time.Duration;

/**
 * The Redis the tests talk to, found once per JVM: {@code TEST_REDIS_URL} → a Testcontainers {@code redis:7.0}
 * when Docker is available → a local Redis on 127.0.0.1:6379 answering PING → otherwise a failure saying
 * what to start. Never skips. Tests share it: they use fresh ids and never flush it.
 */
public final class TestRedis {
    public static final String ENV = "TEST_REDIS_URL";
    public static final String START_LOCAL_REDIS =
            "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no";
    private static final URI LOCAL = URI.create("redis://127.0.0.1:6379");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);

    private static URI uri;
    private static RuntimeException failure;
    private static GenericContainer<?> container;

    private TestRedis() {
    }

    /** Where the test Redis is ({@code redis://} or {@code rediss://}, with credentials and db when given). */
    public static synchronized URI uri() {
        if (uri == null && failure == null) {
            try {
                uri = locate();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return uri;
    }

    /** A new client on the test Redis with a pool of 32, a 2 s max wait and 2 s timeouts; the caller closes it. */
    public static RedisClient newClient() {
        return newClient(32, TIMEOUT);
    }

    /** A new client with its own pool of {@code maxTotal} connections; {@code timeout} bounds connect, read and pool wait. */
    public static RedisClient newClient(int maxTotal, Duration timeout) {
        return client(uri(), maxTotal, timeout);
    }

    /** A client for any {@code redis://} URI (for example a closed port), configured like {@link #newClient()}. */
    public static RedisClient client(URI target, int maxTotal, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis);
        if (JedisURIHelper.isRedisSSLScheme(target)) {
            config.sslOptions(SslOptions.defaults()); // the JVM's trust store, hostname verified
        }
        String password = JedisURIHelper.getPassword(target);
        if (password != null) {
            String user = JedisURIHelper.getUser(target);
            if (user != null && !user.isEmpty()) {
                config.user(user);
            }
            config.password(password);
        }
        if (JedisURIHelper.hasDbIndex(target)) {
            config.database(JedisURIHelper.getDBIndex(target));
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxTotal);
        pool.setMaxIdle(maxTotal);
        pool.setMaxWait(timeout);
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(target))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    private static URI locate() {
        String explicit = System.getenv(ENV);
        if (explicit != null && !explicit.isBlank()) {
            URI given = URI.create(explicit.trim());
            if (!JedisURIHelper.isValid(given)) {
                throw new IllegalStateException(ENV + " must be a redis:// or rediss:// URL, not '" + explicit + "'");
            }
            LOG.info("Tests use the Redis given by {}", ENV);
            return given;
        }
        if (dockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7.0")).withExposedPorts(6379);
            redis.start();
            container = redis;
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "test-redis-stop"));
            URI started = URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
            LOG.info("Tests use a Testcontainers redis:7.0 at {}", started);
            return started;
        }
        if (answersPing(LOCAL)) {
            LOG.info("No {} and no Docker: tests use the local Redis at {}", ENV, LOCAL);
            return LOCAL;
        }
        throw new IllegalStateException("No Redis for the tests: set " + ENV + "=redis://host:port, or make Docker"
                + " available (Testcontainers starts redis:7.0), or start a local Redis on 127.0.0.1:6379 with: "
                + START_LOCAL_REDIS);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean answersPing(URI target) {
        HostAndPort at = JedisURIHelper.getHostAndPort(target);
        try (Jedis jedis = new Jedis(at.getHost(), at.getPort(), (int) TIMEOUT.toMillis())) {
            return "PONG".equalsIgnoreCase(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
