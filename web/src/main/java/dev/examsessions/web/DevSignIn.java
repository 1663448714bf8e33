package dev.examsessions.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /dev/sign-in} (dev auth mode only): signs a user id in by setting the {@code sessionToken} cookie,
 * as a real platform's login would, so the exam page can be used without pasting tokens.
 */
final class DevSignIn {
    static final Duration LIFETIME = Duration.ofHours(24);
    private static final String EXAMPLE = "{\"userId\":1}";

    private final AuthSettings auth;
    private final ObjectMapper json;
    private final Clock clock;

    DevSignIn(AuthSettings auth, ObjectMapper json, Clock clock) {
        this.auth = auth;
        this.json = json;
        this.clock = clock;
    }

    void signIn(Context ctx, Caller ignored) {
        // The route is public, so the guard's CSRF rule does not apply; a cross-site form cannot send JSON,
        // which keeps other sites from signing a browser in as someone else (login CSRF).
        if (!RequestGuard.isJson(ctx.header("Content-Type"))) {
            throw new WebException(WebError.CSRF_REJECTED, "Sign-in needs 'Content-Type: application/json'.");
        }
        JsonNode body = Json.object(json, ctx, false, EXAMPLE);
        JsonNode id = body.get("userId");
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() <= 0) {
            throw Json.bad("userId must be a positive integer, e.g. " + EXAMPLE + ".");
        }
        long userId = id.asLong();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LIFETIME);
        String token = JwtTokens.issue(auth, userId, List.of(), now, expiresAt);
        // HttpOnly: page scripts never see the token. SameSite=Strict: no other site's request carries it.
        // No Secure flag: dev mode runs on plain http://localhost.
        ctx.header("Set-Cookie", RequestGuard.COOKIE + "=" + token + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json; charset=utf-8");
        ctx.result("{\"userId\":" + userId + ",\"expiresAt\":" + expiresAt.toEpochMilli() + "}");
    }
}
