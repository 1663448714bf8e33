package dev.examsessions.adapter.redis;

import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.port.SessionStoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The figures of the session store: the session count (a SCAN of every master) and server details (INFO),
 * measured at most every {@link #MAX_AGE}.
 */
final class RedisStats {
    static final Duration MAX_AGE = Duration.ofSeconds(10);
    static final String KEY_PATTERN = RedisSessionAdapter.KEY_PREFIX + "*";
    private static final int SCAN_COUNT = 1000;
    // the adapter's logger: the stats log lines read as before the split
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionAdapter.class);

    private final UnifiedJedis client;
    private final Duration defaultTtl;
    private volatile Snapshot snapshot;

    /** Session count and server details, measured at {@code takenAtNanos} ({@link System#nanoTime()}). */
    private record Snapshot(long takenAtNanos, long sessionCount, Map<String, Object> details) {
    }

    RedisStats(UnifiedJedis client, Duration defaultTtl) {
        this.client = client;
        this.defaultTtl = defaultTtl;
    }

    /** What stats say when Redis does not answer a PING. */
    static SessionStoreStats unreachable() {
        return new SessionStoreStats("redis", false, 0, Map.of("error", "unreachable"));
    }

    /** The figures of a reachable Redis: the cached ones when younger than {@link #MAX_AGE}, else measured now. */
    SessionStoreStats current() {
        Snapshot last = snapshot;
        if (last == null || System.nanoTime() - last.takenAtNanos() > MAX_AGE.toNanos()) {
            try {
                last = measure();
            } catch (SessionStoreBusy e) {
                // reachable but every connection in use: the last figures (if any) are the best there are
                Map<String, Object> details = new LinkedHashMap<>(last == null ? Map.of() : last.details());
                details.put("busy", true);
                return new SessionStoreStats("redis", true, last == null ? 0 : last.sessionCount(), details);
            } catch (RuntimeException e) {
                LOG.debug("Redis stats failed", e);
                return new SessionStoreStats("redis", false, 0, Map.of("error", e.getClass().getSimpleName()));
            }
            snapshot = last;
        }
        return new SessionStoreStats("redis", true, last.sessionCount(), last.details());
    }

    private Snapshot measure() {
        Map<String, Object> details = new LinkedHashMap<>();
        long count = 0;
        if (client instanceof RedisClusterClient cluster) {
            int masters = 0;
            int unreachable = 0;
            for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
                try (Jedis jedis = new Jedis(node.getValue().getResource())) {
                    if (!jedis.info("replication").contains("role:master")) {
                        continue;
                    }
                    masters++;
                    count += countSessions(jedis::scan);
                    if (!details.containsKey("redis_version")) {
                        details.putAll(serverDetails(jedis.info()));
                    }
                } catch (JedisException e) {
                    unreachable++;
                    LOG.debug("Redis cluster node {} did not answer the session count", node.getKey(), e);
                }
            }
            details.put("mode", "cluster");
            details.put("masters", masters);
            if (unreachable > 0) {
                details.put("unreachableNodes", unreachable);
            }
        } else {
            count = RedisFailures.call("stats", () -> countSessions(client::scan));
            details.putAll(serverDetails(RedisFailures.call("stats", client::info)));
        }
        details.put("defaultTtlSeconds", defaultTtl.toSeconds());
        return new Snapshot(System.nanoTime(), count, details);
    }

    /** The session keys one node holds, counted by a SCAN of the whole key space ({@code scan} is that node's). */
    static long countSessions(BiFunction<String, ScanParams, ScanResult<String>> scan) {
        ScanParams params = new ScanParams().match(KEY_PATTERN).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        long count = 0;
        do {
            ScanResult<String> page = scan.apply(cursor, params);
            count += page.getResult().size();
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return count;
    }

    private static Map<String, Object> serverDetails(String info) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.startsWith("#")) {
                continue;
            }
            String name = line.substring(0, colon);
            if (name.equals("redis_version") || name.equals("used_memory_human") || name.equals("connected_clients")) {
                details.put(name, line.substring(colon + 1).trim());
            }
        }
        return details;
    }
}
