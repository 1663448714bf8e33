package dev.examsessions.adapter.redis;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A connection provider built on first use and built again on later uses until it succeeds, for providers
 * whose constructor needs the servers (Jedis' Sentinel provider asks the Sentinels for the master at once):
 * the service must start, and fall back, while Redis is down.
 */
final class LazyConnectionProvider implements ConnectionProvider {
    /** After a failed attempt, calls fail at once for this long instead of queueing for their own attempt. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final Supplier<ConnectionProvider> factory;
    private final String description;
    private volatile ConnectionProvider ready;
    private boolean closed; // guarded by this
    private RuntimeException lastFailure; // guarded by this
    private long lastFailureNanos; // guarded by this

    LazyConnectionProvider(String description, Supplier<ConnectionProvider> factory) {
        this.description = Objects.requireNonNull(description, "description");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    private ConnectionProvider delegate() {
        ConnectionProvider d = ready;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (closed) {
                throw new JedisConnectionException(description + " is closed");
            }
            if (ready != null) {
                return ready;
            }
            if (lastFailure != null && System.nanoTime() - lastFailureNanos < RETRY_INTERVAL.toNanos()) {
                throw new JedisConnectionException(description + " cannot be reached (tried again at most every "
                        + RETRY_INTERVAL.toMillis() + " ms): " + lastFailure.getMessage(), lastFailure);
            }
            try {
                ready = factory.get();
                lastFailure = null;
                return ready;
            } catch (RuntimeException e) {
                lastFailure = e;
                lastFailureNanos = System.nanoTime();
                if (e instanceof JedisException je) {
                    throw je;
                }
                throw new JedisConnectionException(description + " cannot be reached: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Connection getConnection() {
        return delegate().getConnection();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return delegate().getConnection(args);
    }

    @Override
    public Map<?, ?> getConnectionMap() {
        ConnectionProvider d = ready;
        return d == null ? Map.of() : d.getConnectionMap();
    }

    @Override
    public Map<?, ?> getPrimaryNodesConnectionMap() {
        ConnectionProvider d = ready;
        return d == null ? Map.of() : d.getPrimaryNodesConnectionMap();
    }

    @Override
    public void close() throws Exception {
        ConnectionProvider d;
        synchronized (this) {
            closed = true;
            d = ready;
        }
        if (d != null) {
            d.close();
        }
    }

    @Override
    public String toString() {
        return "LazyConnectionProvider[" + description + (ready == null ? ", not connected yet]" : "]");
    }
}
