package dev.examsessions.bootstrap;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCommandTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return run(Clock.systemUTC(), env, args);
    }

    private int run(Clock clock, Map<String, String> env, String... args) {
        return TokenCommand.run(args, AppConfig.fromEnv(env), clock,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsATokenTheServiceAccepts() {
        assertEquals(0, run(Map.of("AUTH_SECRET", SECRET, "AUTH_ISSUER", "exams"), "token", "42", "--admin"));
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("export TOKEN="), line);
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(SECRET)).withIssuer("exams").build()
                .verify(line.substring("export TOKEN=".length()));
        assertEquals("42", jwt.getSubject());
        assertEquals(List.of("admin"), jwt.getClaim("roles").asList(String.class));
    }

    @Test
    void theTokenIsIssuedAtTheInjectedClocksInstant() {
        Instant then = Instant.parse("2026-11-28T09:00:00Z");
        assertEquals(0, run(Clock.fixed(then, ZoneOffset.UTC), Map.of("AUTH_SECRET", SECRET), "token", "7"));
        DecodedJWT jwt = JWT.decode(out.toString(StandardCharsets.UTF_8).strip().substring("export TOKEN=".length()));
        assertEquals(then, jwt.getIssuedAtAsInstant());
        assertTrue(jwt.getExpiresAtAsInstant().isAfter(then));
    }

    @Test
    void refusesBadArgumentsAndAMissingSecret() {
        assertEquals(2, run(Map.of("AUTH_SECRET", SECRET), "token", "zero"));
        assertEquals(2, run(Map.of("AUTH_SECRET", SECRET), "token", "0"));
        assertEquals(2, run(Map.of("AUTH_SECRET", SECRET), "token", "1", "--root"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
        assertEquals(2, run(Map.of(), "token", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("AUTH_SECRET is not set"));
    }
}
