package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.RedisSettings.Node;
import dev.examsessions.adapter.redis.RedisSettings.Protocol;
import dev.examsessions.adapter.redis.RedisSettings.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSettingsTest {
    private static final String SECRET = "Zq9sEcReTx";

    @TempDir
    Path tmp;

    // ---- accepted forms ------------------------------------------------------------------------

    @Test
    void defaultUrlIsAStandaloneServerWithTheDefaults() {
        RedisSettings s = RedisSettings.parse(RedisSettings.DEFAULT_URL);
        assertEquals(Topology.STANDALONE, s.topology());
        assertEquals(List.of(new Node("localhost", 6379)), s.nodes());
        assertNull(s.user());
        assertNull(s.password());
        assertEquals(0, s.database());
        assertFalse(s.tls());
        assertNull(s.masterName());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofSeconds(2), s.socketTimeout());
        assertEquals(16, s.poolMaxTotal());
        assertEquals(Duration.ofSeconds(1), s.poolMaxWait());
        assertEquals(Protocol.RESP2, s.protocol());
    }

    @Test
    void standaloneWithDatabaseAndDefaultPort() {
        RedisSettings s = RedisSettings.parse("redis://cache.internal/3");
        assertEquals(List.of(new Node("cache.internal", 6379)), s.nodes());
        assertEquals(3, s.database());
        assertEquals(0, RedisSettings.parse("redis://h:1/").database());
        assertEquals(0, RedisSettings.parse("REDIS://h:1").database());
    }

    @Test
    void standaloneWithUserAndPassword() {
        RedisSettings s = RedisSettings.parse("redis://app:s3cr%40t@10.0.0.5:6380/1");
        assertEquals("app", s.user());
        assertEquals("s3cr@t", s.password());
        assertEquals(List.of(new Node("10.0.0.5", 6380)), s.nodes());
        assertEquals(1, s.database());
    }

    @Test
    void passwordOnlyMeansTheDefaultUser() {
        RedisSettings s = RedisSettings.parse("redis://:" + SECRET + "@h:6379");
        assertNull(s.user());
        assertEquals(SECRET, s.password());
    }

    @Test
    void aPasswordMayHoldRawSlashesQuestionMarksAtSignsAndPluses() {
        RedisSettings s = RedisSettings.parse("redis://u:p@ss/w?rd+1#x@h:7000/2");
        assertEquals("u", s.user());
        assertEquals("p@ss/w?rd+1#x", s.password());
        assertEquals(List.of(new Node("h", 7000)), s.nodes());
        assertEquals(2, s.database());
    }

    @Test
    void ipv6HostsInBrackets() {
        RedisSettings s = RedisSettings.parse("redis://[::1]:6390");
        assertEquals(List.of(new Node("::1", 6390)), s.nodes());
        assertTrue(s.redactedUrl().contains("[::1]:6390"), s.redactedUrl());
    }

    @Test
    void tlsVerifiesAgainstTheJvmTrustStoreByDefault() {
        RedisSettings s = RedisSettings.parse("rediss://u:p@redis.example.com:6380/0");
        assertTrue(s.tls());
        assertTrue(s.verifyPeer());
        assertNull(s.caCertFile());
        assertEquals(Topology.STANDALONE, s.topology());
    }

    @Test
    void tlsWithACaFile() throws IOException {
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        RedisSettings s = RedisSettings.parse("rediss://h:6380?caCert=" + ca);
        assertTrue(s.verifyPeer());
        assertEquals(ca, s.caCertFile());
    }

    @Test
    void tlsWithoutVerification() {
        RedisSettings s = RedisSettings.parse("rediss://h:6380?verifyPeer=false");
        assertTrue(s.tls());
        assertFalse(s.verifyPeer());
        assertTrue(RedisSettings.parse("rediss://h?verifyPeer=true").verifyPeer());
    }

    @Test
    void sentinelWithMasterDatabaseAndSentinelCredentials() {
        RedisSettings s = RedisSettings.parse("redis-sentinel://app:pw@s1:26379,s2:26380,s3/mymaster/2"
                + "?sentinelUser=watcher&sentinelPassword=" + SECRET);
        assertEquals(Topology.SENTINEL, s.topology());
        assertEquals(List.of(new Node("s1", 26379), new Node("s2", 26380), new Node("s3", 26379)), s.nodes());
        assertEquals("mymaster", s.masterName());
        assertEquals(2, s.database());
        assertEquals("app", s.user());
        assertEquals("pw", s.password());
        assertEquals("watcher", s.sentinelUser());
        assertEquals(SECRET, s.sentinelPassword());
    }

    @Test
    void sentinelWithoutCredentials() {
        RedisSettings s = RedisSettings.parse("redis-sentinel://10.0.0.1:26379/m");
        assertEquals("m", s.masterName());
        assertEquals(0, s.database());
        assertNull(s.password());
        assertNull(s.sentinelPassword());
    }

    @Test
    void clusterWithSeedNodes() {
        RedisSettings s = RedisSettings.parse("redis-cluster://:pw@n1:7000,n2:7001,n3");
        assertEquals(Topology.CLUSTER, s.topology());
        assertEquals(List.of(new Node("n1", 7000), new Node("n2", 7001), new Node("n3", 6379)), s.nodes());
        assertEquals("pw", s.password());
        assertEquals(0, s.database());
    }

    @Test
    void timeoutsPoolAndProtocolCanBeChanged() {
        RedisSettings s = RedisSettings.parse("redis://h")
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(3))
                .withPool(32, Duration.ofMillis(250))
                .withProtocol(Protocol.RESP3);
        assertEquals(Duration.ofMillis(500), s.connectTimeout());
        assertEquals(Duration.ofSeconds(3), s.socketTimeout());
        assertEquals(32, s.poolMaxTotal());
        assertEquals(Duration.ofMillis(250), s.poolMaxWait());
        assertEquals(Protocol.RESP3, s.protocol());
        RedisSettings base = RedisSettings.parse("redis://h");
        assertThrows(IllegalArgumentException.class, () -> base.withPool(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> base.withPool(8, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> base.withTimeouts(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    }

    // ---- rejected forms ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "localhost:6379",
            "http://localhost:6379",
            "redis://",
            "redis://:6379",
            "redis://host:port",
            "redis://host:0",
            "redis://host:70000",
            "redis://host/x",
            "redis://host/-1",
            "redis://host/1/2",
            "redis://h1:6379,h2:6379",
            "redis://h1:6379,",
            "redis://ho st:6379",
            "redis://::1:6379",
            "redis://[::1:6379",
            "redis://user@host:6379",
            "redis://host#frag",
            "redis://host?verifyPeer=false",
            "redis://host?timeout=5",
            "rediss://host?verifyPeer=maybe",
            "rediss://host?caCert=/does/not/exist.pem",
            "rediss://host?caCert=",
            "rediss://host?sentinelUser=x",
            "rediss://host?verifyPeer=false&verifyPeer=true",
            "redis-sentinel://s1:26379",
            "redis-sentinel://s1:26379/",
            "redis-sentinel://s1:26379/m/x",
            "redis-sentinel://s1:26379/m/1/2",
            "redis-sentinel://s1:26379/m?caCert=/tmp/x",
            "redis-sentinel://s1:26379/m?sentinelPassword",
            "redis-cluster://n1:7000/1",
            "redis-cluster://n1:7000,n1:7000",
            "redis-cluster://n1:7000?sentinelUser=x",
    })
    void badFormsAreRejectedNamingTheVariableAndTheAcceptedForms(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(url));
        String message = e.getMessage();
        assertTrue(message.startsWith("REDIS_URL is invalid: "), message);
        assertTrue(message.contains("Accepted forms"), message);
        for (String form : List.of("redis://[[user]:password@]host[:port][/db]", "rediss://", "redis-sentinel://",
                "redis-cluster://", "masterName", "caCert", "verifyPeer=false", "sentinelPassword")) {
            assertTrue(message.contains(form), "message lacks " + form + ": " + message);
        }
    }

    @Test
    void nullIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(null));
        assertTrue(e.getMessage().startsWith("REDIS_URL is invalid: it is empty"), e.getMessage());
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        assertMessageContains("redis://host:port", "port of 'host:port' is not a number");
        assertMessageContains("redis-sentinel://s1:26379", "master name");
        assertMessageContains("redis-cluster://n1/1", "only database 0");
        assertMessageContains("ftp://h", "unknown scheme 'ftp'");
        assertMessageContains("redis://h?verifyPeer=false", "unknown option 'verifyPeer' for redis:// (it takes none)");
        assertMessageContains("rediss://h?caCert=/does/not/exist.pem", "caCert /does/not/exist.pem is not a readable file");
        assertMessageContains("redis://u@h", "user:password@");
        assertMessageContains("redis://h1,h2", "exactly one host");
    }

    // ---- passwords never shown -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://app:" + SECRET + "@host:notaport",
            "redis://:" + SECRET + "@host/notadb",
            "redis://app:" + SECRET + "@h1,h2",
            "redis://" + SECRET + "@host",
            "redis://app:" + SECRET + "/x?y@host:bad",
            "redis://app:" + SECRET + "@host?bogus=1",
            "redis-sentinel://app:" + SECRET + "@s1:26379/m?sentinelPassword=" + SECRET + "&bogus=1",
            "redis-sentinel://s1:26379/m?sentinelPassword=" + SECRET + "&sentinelPassword=" + SECRET,
            "redis-cluster://:" + SECRET + "@n1/3",
            "rediss://app:" + SECRET + "@host?verifyPeer=no",
    })
    void rejectedUrlsNeverShowThePassword(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(url));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET.substring(0, 5)), e.getMessage());
    }

    @Test
    void toStringAndRedactedUrlMaskPasswords() {
        RedisSettings s = RedisSettings.parse("redis-sentinel://app:" + SECRET + "@s1:26379,s2:26380/mymaster/1"
                + "?sentinelUser=watcher&sentinelPassword=" + SECRET + "x");
        for (String shown : List.of(s.toString(), s.redactedUrl())) {
            assertFalse(shown.contains(SECRET), shown);
            assertTrue(shown.contains("****"), shown);
            assertTrue(shown.contains("s1:26379,s2:26380/mymaster/1"), shown);
            assertTrue(shown.contains("app:****@"), shown);
            assertTrue(shown.contains("sentinelUser=watcher"), shown);
        }
        assertEquals("redis-sentinel://app:****@s1:26379,s2:26380/mymaster/1?sentinelUser=watcher&sentinelPassword=****",
                s.redactedUrl());
        assertEquals("redis://localhost:6379", RedisSettings.parse("redis://localhost").redactedUrl());
        assertEquals("rediss://:****@h:6380/2?verifyPeer=false",
                RedisSettings.parse("rediss://:" + SECRET + "@h:6380/2?verifyPeer=false").redactedUrl());
        assertTrue(RedisSettings.parse("redis-cluster://u:" + SECRET + "@a:1,b:2").toString()
                .startsWith("RedisSettings[redis-cluster://u:****@a:1,b:2, connectTimeout=PT2S"));
    }

    @Test
    void theRedactedUrlParsesBackToTheSameSettingsWithoutPasswords() {
        RedisSettings s = RedisSettings.parse("redis-cluster://n1:7000,n2:7001");
        assertEquals(s, RedisSettings.parse(s.redactedUrl()));
        RedisSettings t = RedisSettings.parse("redis://us%3Aer:x@h:1/4");
        assertEquals("us:er", t.user());
        assertEquals("redis://us%3Aer:****@h:1/4", t.redactedUrl());
    }

    private static void assertMessageContains(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(url));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
