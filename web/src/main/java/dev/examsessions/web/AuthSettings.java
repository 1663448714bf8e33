package dev.examsessions.web;

import java.util.Arrays;
import java.util.Objects;

/** How user tokens are verified: the HS256 secret and the optional issuer and audience to require. */
public record AuthSettings(byte[] secret, String issuer /* nullable */, String audience /* nullable */) {
    public AuthSettings {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("the token secret must not be empty");
        }
        secret = secret.clone();
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSettings other && Arrays.equals(secret, other.secret)
                && Objects.equals(issuer, other.issuer) && Objects.equals(audience, other.audience);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(secret), issuer, audience);
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "AuthSettings[secret=<" + secret.length + " bytes>, issuer=" + issuer + ", audience=" + audience + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
