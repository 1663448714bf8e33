package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.examsessions.domain.fakes.MutableClock;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private static final AuthSettings AUTH =
            new AuthSettings("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), null, null);
    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void aCachedTokenIsRefusedFromTheInstantItExpires() {
        MutableClock clock = new MutableClock(T0);
        JwtTokens tokens = new JwtTokens(AUTH, clock);
        Instant exp = T0.plusSeconds(30);
        String token = JwtTokens.issue(AUTH, 42, List.of(), T0, exp);

        assertEquals(42, tokens.verify(token).userId()); // verified, now cached
        clock.set(exp.minusMillis(1));
        assertEquals(42, tokens.verify(token).userId());
        clock.set(exp);
        WebException e = assertThrows(WebException.class, () -> tokens.verify(token));
        assertEquals(WebError.UNAUTHENTICATED, e.error());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        clock.set(exp.minusMillis(1)); // an expired entry is dropped, not kept for a clock going back
        assertEquals(42, tokens.verify(token).userId());
    }

    @Test
    void anEntryIsNotUsedPastTheMaximumAge() {
        MutableClock clock = new MutableClock(T0);
        VerifiedTokenCache cache = new VerifiedTokenCache(clock, Duration.ofSeconds(60), 10);
        cache.put("t", new Caller(7, true), T0.plusSeconds(3600));

        clock.set(T0.plusSeconds(59));
        assertEquals(new Caller(7, true), cache.get("t"));
        clock.set(T0.plusSeconds(60));
        assertNull(cache.get("t"));
    }

    @Test
    void onlyTheExactTokenStringHits() {
        VerifiedTokenCache cache = new VerifiedTokenCache(new MutableClock(T0), Duration.ofSeconds(60), 10);
        cache.put("abc", new Caller(7, false), T0.plusSeconds(3600));

        assertNull(cache.get("abd"));
        assertNull(cache.get("abc "));
        assertEquals(7, cache.get("abc").userId());
    }

    @Test
    void aRefusedTokenIsNeverCached() {
        MutableClock clock = new MutableClock(T0);
        JwtTokens tokens = new JwtTokens(AUTH, clock);
        String expired = JwtTokens.issue(AUTH, 5, List.of(), T0.minusSeconds(120), T0.minusSeconds(60));

        assertThrows(WebException.class, () -> tokens.verify(expired));
        clock.set(T0.minusSeconds(90)); // even where it would be valid, it was never remembered: verified afresh
        assertEquals(5, tokens.verify(expired).userId());
    }
}
