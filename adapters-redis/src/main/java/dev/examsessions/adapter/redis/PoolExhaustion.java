package dev.examsessions.adapter.redis;

import java.util.NoSuchElementException;

/** Tells a Jedis failure to borrow a pooled connection in time (load) apart from Redis failing to answer (outage). */
final class PoolExhaustion {
    private PoolExhaustion() {
    }

    /**
     * Jedis 8 has no exception of its own for this: its {@code Pool.getResource} wraps what commons-pool2's
     * {@code borrowObject} throws in a plain {@code JedisException} ("Could not get a resource from the pool").
     * An exhausted pool throws a {@link NoSuchElementException} without a cause ("Timeout waiting for idle
     * object", or "Pool exhausted" when not blocking); a connection that cannot be made surfaces as a
     * {@code JedisConnectionException} instead, and a failed activation or validation as a
     * {@link NoSuchElementException} with that failure as its cause. The messages are matched as well, so that
     * an unknown variant counts as an outage, as every pool failure did before.
     */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSuchElementException && t.getCause() == null && t.getMessage() != null
                    && (t.getMessage().startsWith("Timeout waiting for idle object")
                    || t.getMessage().startsWith("Pool exhausted"))) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }
}
