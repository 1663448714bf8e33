package dev.examsessions.adapter.redis.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away test CA and a server certificate it signed for {@code localhost} and {@code 127.0.0.1} (SAN),
 * generated with {@code openssl} into a directory: what a TLS {@code redis-server} and its clients need.
 */
public record TlsCertificates(Path dir, Path caCert, Path caKey, Path serverCert, Path serverKey) {

    /** Generates the CA and the server certificate in a new temporary directory. */
    public static TlsCertificates generate() {
        return generate(RedisServerProcess.tempDir("tls"));
    }

    /** Generates the CA and the server certificate (valid for 2 days) in {@code dir}. */
    public static TlsCertificates generate(Path dir) {
        TlsCertificates certs = new TlsCertificates(dir, dir.resolve("ca.crt"), dir.resolve("ca.key"),
                dir.resolve("server.crt"), dir.resolve("server.key"));
        Path csr = dir.resolve("server.csr");
        Path extensions = dir.resolve("server.ext");
        try {
            Files.writeString(extensions, String.join("\n",
                    "basicConstraints = CA:FALSE",
                    "keyUsage = critical, digitalSignature, keyEncipherment",
                    "extendedKeyUsage = serverAuth",
                    "subjectAltName = DNS:localhost, IP:127.0.0.1",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Duration timeout = Duration.ofSeconds(60);
        RedisServerProcess.run(List.of("openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048",
                "-keyout", certs.caKey().toString(), "-out", certs.caCert().toString(), "-days", "2",
                "-subj", "/CN=exam-sessions test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign"), timeout);
        RedisServerProcess.run(List.of("openssl", "req", "-new", "-nodes", "-newkey", "rsa:2048",
                "-keyout", certs.serverKey().toString(), "-out", csr.toString(), "-subj", "/CN=localhost"), timeout);
        RedisServerProcess.run(List.of("openssl", "x509", "-req", "-in", csr.toString(),
                "-CA", certs.caCert().toString(), "-CAkey", certs.caKey().toString(),
                "-set_serial", Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                "-days", "2", "-sha256", "-extfile", extensions.toString(),
                "-out", certs.serverCert().toString()), timeout);
        return certs;
    }

    /** A client SSL context trusting only this CA. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("test-ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caCert, e);
        }
    }

    /** Removes the directory and everything in it. */
    public void delete() {
        RedisServerProcess.deleteQuietly(dir);
    }
}
