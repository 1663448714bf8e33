package dev.examsessions.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * Session copies (and stale markers) in this process's memory (Caffeine), each with its own expiry measured on
 * the injected clock.
 */
public final class InMemorySessionAdapter implements SessionPort {
    public static final long DEFAULT_MAX_SIZE = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger("SessionManager");
    /** Caffeine's own ceiling for an expiry (about 146 years). */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE >> 1;

    private final Cache<SessionId, SessionEntry> cache;
    private final Duration defaultTtl;
    private final long maxSize;
    private final Clock clock;
    private final AtomicLong expiredSinceCleanup = new AtomicLong();
    private final AtomicLong evictedBySize = new AtomicLong();

    private InMemorySessionAdapter(Duration defaultTtl, long maxSize, Clock clock) {
        requirePositive(defaultTtl, "defaultTtl");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be positive, not " + maxSize);
        }
        this.defaultTtl = defaultTtl;
        this.maxSize = maxSize;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(this::nowNanos)
                // every write carries its absolute expiry in the value; a read keeps it
                .expireAfter(Expiry.writing((SessionId key, SessionEntry value) ->
                        Duration.ofNanos(Math.max(0, value.expiresAtNanos() - nowNanos()))))
                // maintenance on the calling thread: evictions are counted by the time cleanUp() returns
                .executor(Runnable::run)
                .evictionListener((SessionId key, SessionEntry value, RemovalCause cause) -> {
                    if (cause == RemovalCause.EXPIRED) {
                        expiredSinceCleanup.incrementAndGet();
                    } else if (cause == RemovalCause.SIZE) {
                        evictedBySize.incrementAndGet();
                    }
                })
                .build();
    }

    /** A store keeping at most {@code maxSize} sessions, {@code defaultTtl} each unless told otherwise. */
    public static InMemorySessionAdapter create(Duration defaultTtl, long maxSize, Clock clock) {
        return new InMemorySessionAdapter(defaultTtl, maxSize, clock);
    }

    /** A store keeping at most {@value #DEFAULT_MAX_SIZE} sessions, {@code defaultTtl} each unless told otherwise. */
    public static InMemorySessionAdapter create(Duration defaultTtl, Clock clock) {
        return create(defaultTtl, DEFAULT_MAX_SIZE, clock);
    }

    /** Default TTL of 6 hours and at most {@value #DEFAULT_MAX_SIZE} sessions. */
    public static InMemorySessionAdapter create(Clock clock) {
        return create(DEFAULT_TTL, clock);
    }

    /**
     * Removes expired sessions and returns how many expired since the last call (including those dropped
     * on access in between); logs the count when there were any.
     */
    public int cleanUpExpired() {
        cache.cleanUp();
        int n = (int) Math.min(Integer.MAX_VALUE, expiredSinceCleanup.getAndSet(0));
        if (n > 0) {
            LOG.info("[SessionManager] Cleaned up {} expired sessions from memory", n);
        }
        return n;
    }

    @Override
    public void put(ExamSession session, Duration ttl) {
        Objects.requireNonNull(session, "session");
        cache.put(session.sessionId(), SessionEntry.copy(session, expiryFromNow(ttl)));
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        return live(id).map(SessionEntry::session);
    }

    @Override
    public Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        Objects.requireNonNull(change, "change");
        AtomicReference<ExamSession> result = new AtomicReference<>();
        cache.asMap().computeIfPresent(id, (key, old) -> {
            if (!old.isLiveAt(nowNanos())) {
                return null; // expired: drop it, never bring it back
            }
            if (old.isMarker()) {
                return old; // reads as missing: nothing to change
            }
            ExamSession stored = old.session().changedBy(change);
            result.set(stored);
            if (stored == old.session()) {
                return old;
            }
            return SessionEntry.copy(stored, old.expiresAtNanos());
        });
        return Optional.ofNullable(result.get());
    }

    @Override
    public boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        Objects.requireNonNull(session, "session");
        return write(session.sessionId(), session.version(), expiryFromNow(ttlIfAbsent), false,
                expiry -> SessionEntry.copy(session, expiry));
    }

    @Override
    public boolean putFinished(ExamSession finished, Duration ttl) {
        Objects.requireNonNull(finished, "finished");
        return write(finished.sessionId(), finished.version(), expiryFromNow(atMostDefault(ttl)), true,
                expiry -> SessionEntry.copy(finished, expiry));
    }

    @Override
    public boolean invalidate(SessionId id, long version, Duration ttl) {
        long expiry = expiryFromNow(atMostDefault(ttl));
        boolean[] wrote = {false};
        cache.asMap().compute(id, (key, old) -> {
            if (old != null && old.isLiveAt(nowNanos()) && old.version() >= version) {
                return old;
            }
            wrote[0] = true;
            return SessionEntry.marker(version, expiry);
        });
        return wrote[0];
    }

    /**
     * The one version rule: writes {@code entry(expiry)} when the key is absent, expired or yields to
     * {@code version}; a replaced copy keeps its expiry unless {@code freshTtl} (a marker never passes it on).
     */
    private boolean write(SessionId id, long version, long freshExpiry, boolean freshTtl,
                          LongFunction<SessionEntry> entry) {
        boolean[] wrote = {false};
        cache.asMap().compute(id, (key, old) -> {
            if (old != null && old.isLiveAt(nowNanos())) {
                if (!old.yieldsTo(version)) {
                    return old;
                }
                wrote[0] = true;
                return entry.apply(freshTtl || old.isMarker() ? freshExpiry : old.expiresAtNanos());
            }
            wrote[0] = true;
            return entry.apply(freshExpiry);
        });
        return wrote[0];
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        return putIfNewer(session, defaultTtl);
    }

    @Override
    public boolean delete(SessionId id) {
        SessionEntry removed = cache.asMap().remove(id);
        return removed != null && removed.isLiveAt(nowNanos()) && !removed.isMarker();
    }

    @Override
    public boolean extend(SessionId id, Duration ttl) {
        long expiry = expiryFromNow(ttl);
        boolean[] extended = {false};
        cache.asMap().computeIfPresent(id, (key, old) -> {
            if (!old.isLiveAt(nowNanos())) {
                return null;
            }
            if (old.isMarker() || old.session().status().isFinished()) {
                return old;
            }
            extended[0] = true;
            return SessionEntry.copy(old.session(), expiry);
        });
        return extended[0];
    }

    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        return live(id).map(SessionEntry::expiresAt);
    }

    @Override
    public Optional<StoredSession> getWithExpiry(SessionId id) {
        return live(id).map(e -> new StoredSession(e.session(), e.expiresAt()));
    }

    @Override
    public List<StoredSession> entries() {
        long now = nowNanos();
        List<StoredSession> out = new ArrayList<>();
        for (SessionEntry e : cache.asMap().values()) {
            if (e.isLiveAt(now) && !e.isMarker()) {
                out.add(new StoredSession(e.session(), e.expiresAt()));
            }
        }
        return out;
    }

    @Override
    public SessionStoreStats stats() {
        cache.cleanUp();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxSize", maxSize);
        details.put("defaultTtlSeconds", defaultTtl.toSeconds());
        details.put("evictedBySize", evictedBySize.get());
        return new SessionStoreStats("memory", true, cache.estimatedSize(), details);
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    private Optional<SessionEntry> live(SessionId id) {
        SessionEntry e = cache.getIfPresent(id);
        return e != null && e.isLiveAt(nowNanos()) && !e.isMarker() ? Optional.of(e) : Optional.empty();
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private long expiryFromNow(Duration ttl) {
        requirePositive(ttl, "ttl");
        long nanos;
        try {
            nanos = Math.min(ttl.toNanos(), MAX_TTL_NANOS);
        } catch (ArithmeticException tooLong) {
            nanos = MAX_TTL_NANOS;
        }
        long now = nowNanos();
        long expiry = now + nanos;
        return expiry < now ? Long.MAX_VALUE : expiry;
    }

    /** No copy or marker outlives the configured session TTL. */
    private Duration atMostDefault(Duration ttl) {
        requirePositive(ttl, "ttl");
        return ttl.compareTo(defaultTtl) > 0 ? defaultTtl : ttl;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
