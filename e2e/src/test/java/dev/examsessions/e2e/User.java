package dev.examsessions.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ThreadLocalRandom;

/** A user of the service: a fresh id and an HS256 token ({@code sub}, {@code exp}) signed with the suite's secret. */
record User(long id, String token) {

    /** A new user (random id, so scenarios never share state) with a token valid for an hour. */
    static User random() {
        return of(ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000L));
    }

    static User of(long id) {
        return new User(id, token(String.valueOf(id), Instant.now().plus(Duration.ofHours(1)), E2e.SECRET));
    }

    /** An HS256 token for any subject, expiry and secret (forged and expired tokens too). */
    static String token(String subject, Instant expiresAt, String secret) {
        var builder = JWT.create().withSubject(subject);
        if (expiresAt != null) {
            builder.withExpiresAt(Date.from(expiresAt));
        }
        return builder.sign(Algorithm.HMAC256(secret));
    }
}
