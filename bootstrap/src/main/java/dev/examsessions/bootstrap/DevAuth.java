package dev.examsessions.bootstrap;

import dev.examsessions.web.AuthSettings;
import dev.examsessions.web.JwtTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Token settings: the configured secret, or in the memory-only set-up a random one with a printed demo token. */
final class DevAuth {
    private static final Logger LOG = LoggerFactory.getLogger(DevAuth.class);
    static final Duration DEMO_TOKEN_LIFETIME = Duration.ofHours(24);

    private DevAuth() {
    }

    /** Dev auth mode: no AUTH_SECRET in the memory-only set-up; only then does {@code POST /dev/sign-in} exist. */
    static boolean isDevMode(AppConfig config) {
        return config.authSecret() == null && config.memoryOnly();
    }

    /** Tells a newcomer where the exam page is (stdout, next to the demo token). */
    static void printPageHint(int port) {
        System.out.println("Exam page: open http://localhost:" + port + " and take an exam (dev sign-in, any user id)");
        System.out.flush();
    }

    static AuthSettings settings(AppConfig config, Clock clock) {
        if (config.authSecret() != null) {
            return new AuthSettings(config.authSecret().getBytes(StandardCharsets.UTF_8),
                    config.authIssuer(), config.authAudience());
        }
        if (!config.memoryOnly()) {
            throw new ConfigException("AUTH_SECRET is required when USE_REDIS=true or DATABASE_URL is set");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        AuthSettings auth = new AuthSettings(secret, config.authIssuer(), config.authAudience());
        Instant now = clock.instant();
        String token = JwtTokens.issue(auth, 1, List.of(), now, now.plus(DEMO_TOKEN_LIFETIME));
        LOG.warn("*****************************************************************************");
        LOG.warn("* DEV AUTH MODE: AUTH_SECRET is not set. Tokens are signed with a random     *");
        LOG.warn("* secret that dies with this process. Never run like this in production.    *");
        LOG.warn("*****************************************************************************");
        // Printed on stdout as a shell line so the README walk-through can copy it verbatim.
        System.out.println("Demo token for user 1 (valid 24 h):");
        System.out.println("export TOKEN=" + token);
        System.out.flush();
        return auth;
    }
}
