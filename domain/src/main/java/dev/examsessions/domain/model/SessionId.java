package dev.examsessions.domain.model;

import dev.examsessions.domain.error.ExamException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** The public id of an exam session: {@code s-} followed by URL-safe random characters. */
public record SessionId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("^s-[A-Za-z0-9_-]{22,64}$");

    public SessionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw ExamException.sessionNotFound();
        }
    }

    /** Parses untrusted input; empty when it is not a well-formed id. */
    public static Optional<SessionId> parse(String raw) {
        if (raw == null || !FORMAT.matcher(raw).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SessionId(raw));
    }

    /** A new id: 144 bits from {@code SecureRandom}, base64url without padding (24 characters). */
    public static SessionId newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return new SessionId("s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
