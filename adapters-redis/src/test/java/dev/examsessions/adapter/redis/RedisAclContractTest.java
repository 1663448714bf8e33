package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.AccessControlLogEntry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged contract as a least-privilege Redis user: only the session and rate-limit keys and exactly
 * {@link #COMMANDS} (the README's ACL line). The default user is switched off, as in production; nothing the
 * adapter sends is refused (the ACL log stays empty), and anything else is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisAclContractTest extends SessionPortContract {
    /** The keys the adapter touches. */
    static final String KEYS = "~exam:session:* ~exam:ratelimit:*";
    /**
     * Exactly the commands the adapter sends: sessions (get, set, del, pexpire, pexpiretime; the scripts by
     * evalsha, eval after NOSCRIPT, and the commands inside them: get, set, pttl), the rate limit's script
     * (zremrangebyscore, zcard, zadd, pexpire, zrange), stats (scan, info), the health probe (ping), and the
     * connection set-up (select for a database other than 0, client setname). HELLO and AUTH need no
     * permission; the client sends no CLIENT SETINFO.
     */
    static final String COMMANDS = "-@all +get +set +del +pexpire +pexpiretime +pttl +evalsha +eval"
            + " +zadd +zcard +zrange +zremrangebyscore +scan +info +ping +select +client|setname";
    /** What a Cluster client needs on top: the slot map (CLUSTER SLOTS). */
    static final String CLUSTER_COMMANDS = "+cluster|slots";
    /** The whole rule as the README prints it (with the password placeholder). */
    static final String ACL_LINE = "ACL SETUSER exam-sessions on >PASSWORD resetkeys " + KEYS + " resetchannels " + COMMANDS;

    static final String USER = "exam-sessions";
    private static final String PASSWORD = secret();
    private static final String ADMIN_PASSWORD = secret();
    private static final int DATABASE = 3;
    private static RedisServerProcess server;
    private static RedisAdapters redis;
    private static RedisSessionAdapter adapter;

    @BeforeAll
    static void start() {
        server = RedisServerProcess.start();
        try (Jedis admin = server.jedis()) {
            admin.aclSetUser(USER, rules(PASSWORD, ""));
            admin.aclSetUser("admin", "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all");
            admin.auth("admin", ADMIN_PASSWORD);
            admin.aclSetUser("default", "off");
            admin.aclLogReset();
        }
        redis = RedisAdapters.open(RedisSettings.parse("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:"
                + server.port() + "/" + DATABASE), SessionPort.DEFAULT_TTL, Clock.systemUTC());
        adapter = redis.sessions();
    }

    @AfterAll
    static void stop() {
        try {
            if (adapter != null) {
                adapter.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Override
    protected SessionPort port() {
        return adapter;
    }

    @Test
    void theUserHasExactlyTheRule() {
        try (Jedis admin = admin()) {
            String rule = admin.aclGetUser(USER).toString();
            for (String command : COMMANDS.split(" ")) {
                if (command.startsWith("+")) {
                    assertTrue(rule.contains(command), rule + " lacks " + command);
                }
            }
        }
        assertTrue(ACL_LINE.contains(KEYS) && ACL_LINE.contains(COMMANDS));
    }

    @Test
    void theSharedRateLimitWorksAsThatUser() {
        RateLimiter limiter = redis.rateLimiter(2, Duration.ofMinutes(1));
        String key = "acl-" + secret();
        assertTrue(limiter.tryAcquire(key).isEmpty());
        assertTrue(limiter.tryAcquire(key).isEmpty());
        assertTrue(limiter.tryAcquire(key).isPresent());
    }

    /** The script path that reads the remaining TTL (PTTL) of an unreadable value before replacing it. */
    @Test
    void putIfNewerReplacesAnUnreadableValueAsThatUser() {
        ExamSession s = newSession();
        String key = "exam:session:" + s.sessionId().value();
        try (Jedis admin = admin()) {
            admin.select(DATABASE);
            admin.psetex(key, 600_000, "not json");
        }
        assertTrue(adapter.putIfNewer(s));
        assertEquals(Optional.of(s), adapter.get(s.sessionId()));
    }

    @Test
    void everythingElseIsRefused() {
        try (Jedis app = connectAs(USER, PASSWORD, "acl-probe")) {
            assertRefused(app::flushAll);
            assertRefused(app::flushDB);
            assertRefused(() -> app.keys("*"));
            assertRefused(() -> app.get("other:key"));
            assertRefused(() -> app.set("exam:other", "x"));
            assertRefused(() -> app.configGet("*"));
            assertRefused(() -> app.aclList());
            assertRefused(() -> app.scriptFlush());
            assertRefused(() -> app.eval("return redis.call('GET', KEYS[1])", List.of("other:key"), List.of()));
            assertRefused(() -> app.eval("return redis.call('FLUSHALL')", List.of(), List.of()));
            assertRefused(() -> app.hset("exam:session:x", "f", "v"));
            assertRefused(() -> app.publish("exam", "x"));
        }
        // the default user is off: a client without credentials cannot even finish its handshake
        JedisException e = assertThrows(JedisException.class, () -> {
            try (Jedis nobody = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                    DefaultJedisClientConfig.builder().resp2().build())) {
                nobody.get("exam:session:x");
            }
        });
        assertTrue(e.getMessage().startsWith("NOAUTH"), e.getMessage());
    }

    /** Runs after the contract: no command the adapter sent was refused (FLUSHALL & co. come from the probe). */
    @Test
    @Order(Integer.MAX_VALUE)
    void nothingTheAdapterSentWasRefused() {
        try (Jedis admin = admin()) {
            List<String> refused = new ArrayList<>();
            for (AccessControlLogEntry entry : admin.aclLog(1000)) {
                if (!"acl-probe".equals(entry.getClientInfo().get("name"))) {
                    refused.add(entry.getUsername() + ": " + entry.getReason() + " " + entry.getObject()
                            + " (" + entry.getContext() + ", client " + entry.getClientInfo().get("name") + ")");
                }
            }
            assertEquals(List.of(), refused, "commands refused by the ACL");
        }
    }

    /** The rule of {@link #ACL_LINE} for {@code password}, with {@code extraCommands} (space-separated). */
    static String[] rules(String password, String extraCommands) {
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password, "resetkeys"));
        rules.addAll(List.of(KEYS.split(" ")));
        rules.add("resetchannels");
        rules.addAll(List.of((COMMANDS + " " + extraCommands).strip().split(" ")));
        return rules.toArray(String[]::new);
    }

    /** Refused by the ACL: NOPERM, or inside a script "The user executing the script can't run this…". */
    private static void assertRefused(Executable command) {
        JedisDataException e = assertThrows(JedisDataException.class, command);
        assertTrue(e.getMessage().startsWith("NOPERM") || e.getMessage().contains("The user executing the script can't")
                || e.getMessage().contains("No permissions"), e.getMessage());
    }

    private static Jedis admin() {
        return connectAs("admin", ADMIN_PASSWORD, "acl-admin");
    }

    private static Jedis connectAs(String user, String password, String clientName) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()), DefaultJedisClientConfig.builder()
                .user(user).password(password).clientName(clientName).resp2().build());
    }

    static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
