package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.adapter.redis.testing.TlsCertificates;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.contract.SessionPortContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged contract over TLS: a TLS-only {@code redis-server} with a certificate from a CA generated for
 * the test, reached through {@code rediss://127.0.0.1:<port>?caCert=<ca.pem>} (chain and host name verified).
 */
class RedisTlsContractTest extends SessionPortContract {
    private static TlsCertificates certs;
    private static RedisServerProcess server;
    private static RedisSessionAdapter adapter;

    @BeforeAll
    static void start() {
        certs = TlsCertificates.generate();
        // also on 127.0.0.2, an address the certificate does not name
        server = RedisServerProcess.startTls(certs, "--bind", "127.0.0.1", "127.0.0.2");
        adapter = RedisAdapters.open(RedisSettings.parse(server.url()), SessionPort.DEFAULT_TTL, Clock.systemUTC()).sessions();
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
            if (certs != null) {
                certs.delete();
            }
        }
    }

    @Override
    protected SessionPort port() {
        return adapter;
    }

    @Test
    void theContractRunsOverTls() {
        assertTrue(server.url().startsWith("rediss://127.0.0.1:"), server.url());
        assertTrue(adapter.ping());
        assertTrue(server.cli("CLIENT", "LIST").contains("name=" + RedisAdapters.CLIENT_NAME));
    }

    @Test
    void plainTextIsRefused() {
        assertFalse(pings("redis://127.0.0.1:" + server.port()));
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefused() {
        // the JVM's trust store does not know the test CA
        assertFalse(pings("rediss://127.0.0.1:" + server.port()));
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() {
        assertFalse(pings("rediss://127.0.0.2:" + server.port() + "?caCert=" + certs.caCert()));
        assertTrue(pings("rediss://127.0.0.1:" + server.port() + "?caCert=" + certs.caCert()));
        assertTrue(pings("rediss://localhost:" + server.port() + "?caCert=" + certs.caCert()));
    }

    @Test
    void verifyPeerFalseAcceptsTheCertificateWithoutChecks() {
        try (RedisSessionAdapter insecure = open("rediss://127.0.0.2:" + server.port() + "?verifyPeer=false")) {
            assertTrue(insecure.ping());
            ExamSession s = newSession();
            insecure.put(s, Duration.ofMinutes(5));
            assertEquals(Optional.of(s), adapter.get(s.sessionId()));
        }
    }

    private static boolean pings(String url) {
        try (RedisSessionAdapter other = open(url)) {
            return other.ping();
        }
    }

    private static RedisSessionAdapter open(String url) {
        return RedisAdapters.open(RedisSettings.parse(url).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                SessionPort.DEFAULT_TTL, Clock.systemUTC()).sessions();
    }
}
