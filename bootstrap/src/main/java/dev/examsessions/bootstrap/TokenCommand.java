package dev.examsessions.bootstrap;

import dev.examsessions.web.AuthSettings;
import dev.examsessions.web.JwtTokens;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code java -jar exam-sessions.jar token <userId> [--admin]}: prints a token signed with AUTH_SECRET. */
final class TokenCommand {
    static final Duration LIFETIME = Duration.ofHours(24);

    private TokenCommand() {
    }

    /** Returns the process exit status. */
    static int run(String[] args, AppConfig config, Clock clock, PrintStream out, PrintStream err) {
        long userId;
        try {
            userId = args.length >= 2 ? Long.parseLong(args[1]) : -1;
        } catch (NumberFormatException e) {
            userId = -1;
        }
        boolean admin = args.length >= 3 && "--admin".equals(args[2]);
        if (userId < 1 || args.length > 3 || args.length == 3 && !admin) {
            err.println("usage: java -jar exam-sessions.jar token <userId> [--admin]   (userId: a positive integer)");
            return 2;
        }
        if (config.authSecret() == null) {
            err.println("AUTH_SECRET is not set: the token would not be accepted by any running service.");
            return 2;
        }
        AuthSettings auth = new AuthSettings(config.authSecret().getBytes(StandardCharsets.UTF_8),
                config.authIssuer(), config.authAudience());
        Instant now = clock.instant();
        String token = JwtTokens.issue(auth, userId, admin ? List.of("admin") : List.of(), now, now.plus(LIFETIME));
        out.println("export TOKEN=" + token);
        return 0;
    }
}
