package dev.examsessions.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** The public id of an exam session: {@code s-} followed by URL-safe random characters. */
public record SessionId(String value) {
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

    /** 144 bits from the given random source, base64url without padding (24 characters). */
    public static SessionId random(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return new SessionId("s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
