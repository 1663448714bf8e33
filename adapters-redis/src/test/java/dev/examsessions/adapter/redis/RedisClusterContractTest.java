package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.SessionId;
import dev.examsessions.adapter.redis.testing.RedisClusterSetup;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.contract.SessionPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlLogEntry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged contract through {@code redis-cluster://} on three loopback masters, as the least-privilege
 * user of {@link RedisAclContractTest} plus {@value RedisAclContractTest#CLUSTER_COMMANDS}; the session count
 * across every master; and a client opened before the Cluster existed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterContractTest extends SessionPortContract {
    private static final String PASSWORD = RedisAclContractTest.secret();
    private static RedisClusterSetup cluster;
    private static RedisSessionAdapter adapter;
    /** Opened on the Cluster's ports before the Cluster was started. */
    private static RedisSessionAdapter early;
    private static boolean earlyPingedBeforeStart;
    private static RuntimeException earlyGetBeforeStart;

    @BeforeAll
    static void start() {
        for (int attempt = 1; cluster == null; attempt++) {
            int[] ports = RedisClusterSetup.reservePorts();
            early = open(asUser(RedisClusterSetup.url(ports)));
            earlyPingedBeforeStart = early.ping();
            try {
                early.get(SessionId.newId());
                earlyGetBeforeStart = null;
            } catch (RuntimeException e) {
                earlyGetBeforeStart = e;
            }
            try {
                cluster = RedisClusterSetup.start(ports);
            } catch (IllegalStateException e) {
                early.close();
                if (attempt == 3 || !RedisServerProcess.isPortTaken(e)) {
                    throw e;
                }
                // a reserved port was taken meanwhile: reserve three others
            }
        }
        for (RedisServerProcess master : cluster.masters()) {
            try (Jedis admin = master.jedis()) {
                admin.aclSetUser(RedisAclContractTest.USER,
                        RedisAclContractTest.rules(PASSWORD, RedisAclContractTest.CLUSTER_COMMANDS));
                admin.aclLogReset();
            }
        }
        adapter = open(asUser(cluster.url()));
    }

    private static String asUser(String url) {
        return url.replace("redis-cluster://", "redis-cluster://" + RedisAclContractTest.USER + ":" + PASSWORD + "@");
    }

    @AfterAll
    static void stop() {
        try {
            for (RedisSessionAdapter a : new RedisSessionAdapter[] {adapter, early}) {
                if (a != null) {
                    a.close();
                }
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static RedisSessionAdapter open(String url) {
        return RedisAdapters.open(RedisSettings.parse(url), SessionPort.DEFAULT_TTL, Clock.systemUTC()).sessions();
    }

    @Override
    protected SessionPort port() {
        return adapter;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aClientOpenedBeforeTheClusterExistedConnectsOnceItAnswers() {
        assertFalse(earlyPingedBeforeStart);
        assertTrue(earlyGetBeforeStart instanceof StoreUnavailable, String.valueOf(earlyGetBeforeStart));
        await().atMost(Duration.ofSeconds(60)).until(early::ping);
        ExamSession s = newSession();
        await().atMost(Duration.ofSeconds(60)).ignoreException(StoreUnavailable.class).until(() -> {
            early.put(s, Duration.ofMinutes(10));
            return true;
        });
        assertEquals(Optional.of(s), early.get(s.sessionId()));
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void statsCountTheSessionsOfEveryMaster() {
        List<ExamSession> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ExamSession s = newSession();
            adapter.put(s, Duration.ofMinutes(10));
            written.add(s);
        }
        for (RedisServerProcess master : cluster.masters()) {
            assertTrue(countOn(master) > 0, "30 sessions spread over every master; none on " + master);
        }
        // fresh adapters: the count is cached for up to 10 s; other tests' short-lived keys may expire meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            long before = countAll();
            SessionStoreStats stats = freshStats();
            long after = countAll();
            return before == after && stats.sessionCount() == before;
        });
        SessionStoreStats stats = freshStats();
        assertTrue(stats.available());
        assertEquals("redis", stats.backend());
        assertTrue(stats.sessionCount() >= written.size(), "sessionCount " + stats.sessionCount());
        assertEquals("cluster", stats.details().get("mode"));
        assertEquals(3, stats.details().get("masters"));
        assertNotNull(stats.details().get("redis_version"));
    }

    private static SessionStoreStats freshStats() {
        try (RedisSessionAdapter fresh = open(asUser(cluster.url()))) {
            return fresh.stats();
        }
    }

    /** Runs after the contract: no command any client sent as the application user was refused on any master. */
    @Test
    @Order(Integer.MAX_VALUE)
    void nothingTheAdapterSentWasRefused() {
        List<String> refused = new ArrayList<>();
        for (RedisServerProcess master : cluster.masters()) {
            try (Jedis admin = master.jedis()) {
                for (AccessControlLogEntry entry : admin.aclLog(1000)) {
                    refused.add(master.port() + " " + entry.getUsername() + ": " + entry.getReason() + " "
                            + entry.getObject() + " (" + entry.getContext() + ")");
                }
            }
        }
        assertEquals(List.of(), refused, "commands refused by the ACL");
    }

    private static long countAll() {
        return cluster.masters().stream().mapToLong(RedisClusterContractTest::countOn).sum();
    }

    private static long countOn(RedisServerProcess master) {
        try (Jedis jedis = master.jedis()) {
            return RedisStats.countSessions(jedis::scan);
        }
    }
}
