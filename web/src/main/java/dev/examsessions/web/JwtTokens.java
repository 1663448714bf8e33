package dev.examsessions.web;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Issues and verifies user tokens: JWT signed HS256 only, {@code sub} = user id, {@code exp} required. */
public final class JwtTokens {
    static final String ADMIN_ROLE = "admin";
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final JWTVerifier verifier;
    private final VerifiedTokenCache verified;

    JwtTokens(AuthSettings auth) {
        this(auth, Clock.systemUTC());
    }

    /** {@code clock} decides expiry, both for the verifier and for the cache of tokens verified a moment ago. */
    JwtTokens(AuthSettings auth, Clock clock) {
        Verification v = JWT.require(Algorithm.HMAC256(auth.secret())).withClaimPresence("exp");
        if (auth.issuer() != null) {
            v = v.withIssuer(auth.issuer());
        }
        if (auth.audience() != null) {
            v = v.withAudience(auth.audience());
        }
        // build(Clock) exists only on the library's implementation of Verification
        this.verifier = ((JWTVerifier.BaseVerification) v).build(clock);
        this.verified = new VerifiedTokenCache(clock, VerifiedTokenCache.MAX_AGE, VerifiedTokenCache.MAX_TOKENS);
    }

    /**
     * A token for {@code userId} (HS256, {@code sub}, {@code iat}, {@code exp}, {@code iss}/{@code aud} when
     * configured); {@code issuedAt} comes from the caller's clock.
     */
    public static String issue(AuthSettings auth, long userId, List<String> roles, Instant issuedAt, Instant expiresAt) {
        if (userId <= 0) {
            throw new IllegalArgumentException("user id must be positive");
        }
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        JWTCreator.Builder builder = JWT.create()
                .withSubject(Long.toString(userId))
                .withIssuedAt(issuedAt)
                .withExpiresAt(expiresAt);
        if (auth.issuer() != null) {
            builder.withIssuer(auth.issuer());
        }
        if (auth.audience() != null) {
            builder.withAudience(auth.audience());
        }
        if (roles != null && !roles.isEmpty()) {
            builder.withClaim("roles", List.copyOf(roles));
        }
        return builder.sign(Algorithm.HMAC256(auth.secret()));
    }

    /** The caller the token names; UNAUTHENTICATED for anything but a valid, unexpired HS256 token of ours. */
    Caller verify(String token) {
        Caller known = verified.get(token);
        if (known != null) {
            return known;
        }
        Verified fresh = verifyNow(token);
        verified.put(token, fresh.caller(), fresh.expiresAt());
        return fresh.caller();
    }

    /** A caller and the {@code exp} of the token that names it. */
    private record Verified(Caller caller, Instant expiresAt) {
    }

    private Verified verifyNow(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw unauthenticated("The token has expired; sign in again.");
        } catch (JWTVerificationException e) {
            // Covers malformed tokens, wrong signatures, alg other than HS256 (none included), iss/aud mismatch.
            throw unauthenticated("The token is not valid.");
        }
        String sub = jwt.getSubject();
        if (sub == null || !USER_ID.matcher(sub).matches()) {
            throw unauthenticated("The token's subject must be a positive user id.");
        }
        long userId;
        try {
            userId = Long.parseLong(sub);
        } catch (NumberFormatException e) {
            throw unauthenticated("The token's subject must be a positive user id.");
        }
        // exp is present: the verifier requires it
        return new Verified(new Caller(userId, roles(jwt.getClaim("roles")).contains(ADMIN_ROLE)), jwt.getExpiresAtAsInstant());
    }

    private static List<String> roles(Claim claim) {
        if (claim == null || claim.isMissing() || claim.isNull()) {
            return List.of();
        }
        try {
            List<String> roles = claim.asList(String.class);
            if (roles == null) {
                throw unauthenticated("The token's roles claim must be an array of strings.");
            }
            return roles;
        } catch (JWTDecodeException e) {
            throw unauthenticated("The token's roles claim must be an array of strings.");
        }
    }

    static WebException unauthenticated(String message) {
        return new WebException(WebError.UNAUTHENTICATED, message);
    }
}
