package dev.examsessions.adapter.redis;

import dev.examsessions.domain.port.RateLimiter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Redis adapters on one Jedis client: the session copies and the shared rate limit. The client is a
 * standalone, Sentinel or Cluster client with a bounded pool, timeouts, TLS and a pinned protocol; opening
 * never needs Redis to answer.
 */
public final class RedisAdapters {
    /** The name the client gives its connections ({@code CLIENT SETNAME}), visible in {@code CLIENT LIST}. */
    public static final String CLIENT_NAME = "exam-sessions";
    private static final Logger LOG = LoggerFactory.getLogger(RedisAdapters.class);

    private final UnifiedJedis client;
    private final RedisSessionAdapter sessions;
    private final Clock clock;

    private RedisAdapters(UnifiedJedis client, RedisSessionAdapter sessions, Clock clock) {
        this.client = client;
        this.sessions = sessions;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The adapters on a new client for {@code settings}. Nothing is sent to Redis here: when Redis is down the
     * adapters' calls fail with {@code StoreUnavailable} and {@code ping()} is false until Redis answers (the
     * Sentinel or Cluster topology is looked up again on later calls).
     *
     * @throws IllegalArgumentException when the TLS CA file cannot be read as PEM certificates
     */
    public static RedisAdapters open(RedisSettings settings, Duration defaultTtl, Clock clock) {
        return on(client(settings), defaultTtl, clock);
    }

    /** The adapters on {@code client}, which the session adapter closes; closed here when they cannot be built. */
    static RedisAdapters on(UnifiedJedis client, Duration defaultTtl, Clock clock) {
        try {
            return new RedisAdapters(client, RedisSessionAdapter.create(client, defaultTtl), clock);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The session copies. Closing them closes the client: the failover port closes its primary when the
     * service stops, after the last request (and so the last rate-limit check) ran.
     */
    public RedisSessionAdapter sessions() {
        return sessions;
    }

    /**
     * A limiter allowing {@code limit} events per key in any sliding {@code window}, shared by every instance
     * using this Redis, on the sessions' client.
     */
    public RateLimiter rateLimiter(int limit, Duration window) {
        return new RedisRateLimiter(client, limit, window, clock);
    }

    /** Meters of the client's connection pool(s), to bind to the service's registry. */
    public MeterBinder poolMetrics() {
        return new RedisPoolMetrics(client);
    }

    /** A Jedis client for {@code settings}, built without contacting Redis. */
    static UnifiedJedis client(RedisSettings settings) {
        JedisClientConfig config = clientConfig(settings);
        ConnectionPoolConfig pool = poolConfig(settings);
        if (settings.tls() && !settings.verifyPeer()) {
            LOG.warn("Redis TLS certificate verification is off (verifyPeer=false): use it for development only");
        }
        LOG.debug("Redis client for {}", settings);
        return switch (settings.topology()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(hostAndPort(settings.nodes().get(0)))
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            case SENTINEL -> sentinelClient(settings, config, pool);
            case CLUSTER -> clusterClient(settings, config, pool);
        };
    }

    /**
     * Jedis' Sentinel provider asks the Sentinels for the master in its constructor and throws when none
     * answers, so the provider is built lazily, on the first call that needs it, and again on later calls
     * until it succeeds. Once built, it follows failovers itself ({@code +switch-master}).
     */
    private static UnifiedJedis sentinelClient(RedisSettings settings, JedisClientConfig config,
                                               ConnectionPoolConfig pool) {
        Set<HostAndPort> sentinels = hostsAndPorts(settings.nodes());
        JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.socketTimeout()))
                .user(settings.sentinelUser())
                .password(settings.sentinelPassword())
                .clientName(CLIENT_NAME)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .serverDefaultProtocol() // Sentinels are only asked for the master: plain AUTH, no HELLO
                .build();
        LazyConnectionProvider provider = new LazyConnectionProvider(
                "Redis Sentinel master '" + settings.masterName() + "' via " + sentinels,
                () -> new SentineledConnectionProvider(settings.masterName(), config, pool, sentinels, sentinelConfig));
        return RedisSentinelClient.builder()
                .masterName(settings.masterName())
                .sentinels(sentinels)
                .sentinelClientConfig(sentinelConfig)
                .clientConfig(config)
                .poolConfig(pool)
                .connectionProvider(provider)
                .build();
    }

    /**
     * Jedis' Cluster provider reads the slot map from the seed nodes in its constructor and throws when none
     * answers, unless {@value RedisClusterClient#INIT_NO_ERROR_PROPERTY} is set: it is set while the provider is
     * built (and restored after), and the provider reads the map again on the first call that finds it empty.
     */
    private static UnifiedJedis clusterClient(RedisSettings settings, JedisClientConfig config,
                                              ConnectionPoolConfig pool) {
        Set<HostAndPort> seeds = hostsAndPorts(settings.nodes());
        ClusterConnectionProvider provider;
        synchronized (RedisAdapters.class) {
            String previous = System.getProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY);
            System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
            try {
                provider = new RecoveringClusterConnectionProvider(seeds, config, pool);
            } finally {
                if (previous == null) {
                    System.clearProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY);
                } else {
                    System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, previous);
                }
            }
        }
        return RedisClusterClient.builder()
                .nodes(seeds)
                .clientConfig(config)
                .poolConfig(pool)
                .connectionProvider(provider)
                .maxAttempts(3)
                // a call waits at most this long for redirections and retries before it fails over
                .maxTotalRetriesDuration(settings.connectTimeout().plus(settings.socketTimeout()))
                .build();
    }

    /** Credentials, database, timeouts, TLS and protocol of the data nodes (server, master, cluster nodes). */
    static JedisClientConfig clientConfig(RedisSettings settings) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.socketTimeout()))
                .user(settings.user())
                .password(settings.password())
                .database(settings.database())
                .clientName(CLIENT_NAME)
                // no CLIENT SETINFO: Redis 7.0 lacks it and an ACL line naming it fails there; the name is enough
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                // pinned, never negotiated: with no protocol Jedis connects while the client is built
                .protocol(settings.protocol() == RedisSettings.Protocol.RESP3 ? RedisProtocol.RESP3 : RedisProtocol.RESP2);
        if (settings.tls()) {
            config.ssl(true);
            if (!settings.verifyPeer()) {
                config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.INSECURE).build());
            } else {
                // the certificate chain and the host name (SAN) are both verified
                SSLParameters parameters = new SSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                config.sslParameters(parameters);
                if (settings.caCertFile() != null) {
                    config.sslSocketFactory(trusting(settings.caCertFile()).getSocketFactory());
                }
            }
        }
        return config.build();
    }

    /**
     * A bounded pool: Jedis' default waits forever for a free connection; this one waits
     * {@code poolMaxWait} and then fails that one call as busy ({@code SessionStoreBusy}: load, not an outage, so
     * no fallback; see {@link PoolExhaustion}). No test on
     * borrow (it would cost a round trip per call): broken connections are dropped when they fail, idle ones
     * are tested in the background.
     */
    static ConnectionPoolConfig poolConfig(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolMaxTotal());
        pool.setMaxIdle(settings.poolMaxTotal());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.poolMaxWait());
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        return pool;
    }

    /** An SSL context trusting exactly the certificates of a PEM file. */
    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("REDIS_URL caCert " + caFile + " holds no PEM certificate");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("redis-ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("REDIS_URL caCert " + caFile + " cannot be read as PEM certificates: "
                    + e.getMessage(), e);
        }
    }

    private static HostAndPort hostAndPort(RedisSettings.Node node) {
        return new HostAndPort(node.host(), node.port());
    }

    private static Set<HostAndPort> hostsAndPorts(Collection<RedisSettings.Node> nodes) {
        Set<HostAndPort> set = new LinkedHashSet<>();
        nodes.forEach(n -> set.add(hostAndPort(n)));
        return set;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
