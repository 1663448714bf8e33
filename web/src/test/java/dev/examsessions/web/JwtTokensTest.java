package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings PLAIN = new AuthSettings(SECRET, null, null);
    private static final AuthSettings STRICT = new AuthSettings(SECRET, "https://issuer.example", "exam-sessions");

    private static Instant inAnHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS);
    }

    private static void assertRefused(JwtTokens tokens, String token) {
        WebException e = assertThrows(WebException.class, () -> tokens.verify(token));
        assertEquals(WebError.UNAUTHENTICATED, e.error());
    }

    @Test
    void theTokenIsIssuedAtTheCallersInstantNotTheWallClocks() {
        Instant issuedAt = Instant.parse("2026-11-28T09:00:00Z");
        String token = JwtTokens.issue(PLAIN, 9, List.of(), issuedAt, issuedAt.plus(1, ChronoUnit.HOURS));
        assertEquals(issuedAt, JWT.decode(token).getIssuedAtAsInstant());
        assertEquals(issuedAt.plus(1, ChronoUnit.HOURS), JWT.decode(token).getExpiresAtAsInstant());
    }

    @Test
    void validTokenNamesTheUser() {
        Caller caller = new JwtTokens(PLAIN).verify(JwtTokens.issue(PLAIN, 123, List.of(), Instant.now(), inAnHour()));
        assertEquals(123, caller.userId());
        assertFalse(caller.admin());
    }

    @Test
    void adminRoleIsRead() {
        Caller caller = new JwtTokens(PLAIN).verify(JwtTokens.issue(PLAIN, 7, List.of("user", "admin"), Instant.now(), inAnHour()));
        assertTrue(caller.admin());
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() {
        JwtTokens strict = new JwtTokens(STRICT);
        assertEquals(5, strict.verify(JwtTokens.issue(STRICT, 5, null, Instant.now(), inAnHour())).userId());
        // A token without iss/aud, or with other values, is refused.
        assertRefused(strict, JwtTokens.issue(PLAIN, 5, null, Instant.now(), inAnHour()));
        assertRefused(strict, JwtTokens.issue(new AuthSettings(SECRET, "https://other", "exam-sessions"), 5, null, Instant.now(), inAnHour()));
        assertRefused(strict, JwtTokens.issue(new AuthSettings(SECRET, "https://issuer.example", "other-app"), 5, null, Instant.now(), inAnHour()));
    }

    @Test
    void expiredTokenIsRefused() {
        assertRefused(new JwtTokens(PLAIN), JwtTokens.issue(PLAIN, 1, null, Instant.now().minusSeconds(120), Instant.now().minusSeconds(60)));
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String token = JWT.create().withSubject("1").sign(Algorithm.HMAC256(SECRET));
        assertRefused(new JwtTokens(PLAIN), token);
    }

    @Test
    void forgedSignatureIsRefused() {
        AuthSettings other = new AuthSettings("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8), null, null);
        assertRefused(new JwtTokens(PLAIN), JwtTokens.issue(other, 1, List.of("admin"), Instant.now(), inAnHour()));
        String valid = JwtTokens.issue(PLAIN, 1, null, Instant.now(), inAnHour());
        String[] parts = valid.split("\\.");
        // Payload changed to another user, signature kept.
        String payload = b64("{\"sub\":\"2\",\"exp\":" + inAnHour().getEpochSecond() + "}");
        assertRefused(new JwtTokens(PLAIN), parts[0] + "." + payload + "." + parts[2]);
    }

    @Test
    void algNoneIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"1\",\"exp\":" + inAnHour().getEpochSecond() + "}");
        assertRefused(new JwtTokens(PLAIN), header + "." + payload + ".");
        assertRefused(new JwtTokens(PLAIN), header + "." + payload);
    }

    @Test
    void otherHmacAlgorithmIsRefused() {
        String hs512 = JWT.create().withSubject("1").withExpiresAt(inAnHour()).sign(Algorithm.HMAC512(SECRET));
        assertRefused(new JwtTokens(PLAIN), hs512);
        String hs384 = JWT.create().withSubject("1").withExpiresAt(inAnHour()).sign(Algorithm.HMAC384(SECRET));
        assertRefused(new JwtTokens(PLAIN), hs384);
    }

    @Test
    void rsaTokenIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String rs256 = JWT.create().withSubject("1").withExpiresAt(inAnHour())
                .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
        assertRefused(new JwtTokens(PLAIN), rs256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "007", "", " 1", "99999999999999999999"})
    void subjectMustBeAPositiveInteger(String sub) {
        String token = JWT.create().withSubject(sub).withExpiresAt(inAnHour()).sign(Algorithm.HMAC256(SECRET));
        assertRefused(new JwtTokens(PLAIN), token);
    }

    @Test
    void missingSubjectIsRefused() {
        String token = JWT.create().withExpiresAt(inAnHour()).sign(Algorithm.HMAC256(SECRET));
        assertRefused(new JwtTokens(PLAIN), token);
    }

    @Test
    void rolesMustBeAnArray() {
        String token = JWT.create().withSubject("1").withExpiresAt(inAnHour()).withClaim("roles", "admin")
                .sign(Algorithm.HMAC256(SECRET));
        assertRefused(new JwtTokens(PLAIN), token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "...."})
    void malformedTokenIsRefused(String token) {
        assertRefused(new JwtTokens(PLAIN), token);
    }

    @Test
    void settingsNeverPrintTheSecret() {
        assertFalse(PLAIN.toString().contains("0123456789abcdef"));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
