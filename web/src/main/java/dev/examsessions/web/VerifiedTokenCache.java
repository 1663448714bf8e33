package dev.examsessions.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The callers of tokens verified a moment ago, keyed by the exact token string, so that a client sending the same
 * token on every request is not verified again each time; an entry never outlives its token's {@code exp}.
 */
final class VerifiedTokenCache {
    /** Short: it only spares a client's current token repeated checks, it is not a second place tokens live. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** A few hundred bytes per token: bounded to a few MB whatever the number of callers. */
    static final int MAX_TOKENS = 10_000;

    private record Entry(Caller caller, Instant usableUntil) {
    }

    private final Cache<String, Entry> entries;
    private final Clock clock;
    private final Duration maxAge;

    VerifiedTokenCache(Clock clock, Duration maxAge, int maxTokens) {
        this.clock = clock;
        this.maxAge = maxAge;
        // expireAfterWrite only frees memory; whether an entry may still be used is decided by clock in get()
        this.entries = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(maxAge).build();
    }

    /** The caller of {@code token} if it was verified within the maximum age and has not expired since; else null. */
    Caller get(String token) {
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        // the verifier's rule: a token is valid while now < exp (exp has whole seconds)
        if (!clock.instant().isBefore(entry.usableUntil())) {
            entries.invalidate(token);
            return null;
        }
        return entry.caller();
    }

    /** Remembers a token just verified; {@code expiresAt} is its {@code exp}. */
    void put(String token, Caller caller, Instant expiresAt) {
        Instant maxAgeEnd = clock.instant().plus(maxAge);
        entries.put(token, new Entry(caller, expiresAt.isBefore(maxAgeEnd) ? expiresAt : maxAgeEnd));
    }
}
