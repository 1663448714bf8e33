package dev.examsessions.domain.fakes;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.error.StoreUnavailable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Map-based session store with TTLs and stale markers on a clock, plus switches that make it fail like an unreachable Redis. */
public final class FakeSessionPort implements SessionPort {
    private final String backend;
    private final Clock clock;
    private final Map<SessionId, StoredSession> data = new ConcurrentHashMap<>();
    /** Stale markers: the version a write must reach, and when the marker expires. */
    private final Map<SessionId, Map.Entry<Long, Instant>> markers = new ConcurrentHashMap<>();

    /** Every call throws and {@link #ping()} is false. */
    public volatile boolean down;
    /** Only {@code get} throws. */
    public volatile boolean failGets;
    /** Only the writes ({@code put}, {@code putIfNewer}) throw. */
    public volatile boolean failPuts;
    /** Called with the session on every successful {@code putIfNewer}/{@code put}. */
    public volatile Consumer<ExamSession> onWrite = s -> { };
    /** What {@link #stats()} reports as its details. */
    public volatile Map<String, Object> statsDetails = Map.of("fake", true);

    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicInteger invalidations = new AtomicInteger();

    public FakeSessionPort(String backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    private void check() {
        if (down) {
            throw new StoreUnavailable(backend + " is down", null);
        }
    }

    private Optional<StoredSession> live(SessionId id) {
        StoredSession e = data.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expiresAt())) {
            data.remove(id, e);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** The version a write must reach over a live stale marker, or 0. */
    private long markerFloor(SessionId id) {
        Map.Entry<Long, Instant> m = markers.get(id);
        if (m == null || !clock.instant().isBefore(m.getValue())) {
            markers.remove(id);
            return 0;
        }
        return m.getKey();
    }

    private void write(ExamSession session, Instant expiresAt) {
        markers.remove(session.sessionId());
        data.put(session.sessionId(), new StoredSession(session, expiresAt));
        writes.incrementAndGet();
        onWrite.accept(session);
    }

    @Override
    public synchronized void put(ExamSession session, Duration ttl) {
        check();
        if (failPuts) {
            throw new StoreUnavailable("write refused", null);
        }
        write(session, clock.instant().plus(ttl));
    }

    @Override
    public Optional<ExamSession> get(SessionId id) {
        check();
        gets.incrementAndGet();
        if (failGets) {
            throw new StoreUnavailable("read refused", null);
        }
        return live(id).map(StoredSession::session);
    }

    @Override
    public synchronized Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
        check();
        Optional<StoredSession> e = live(id);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        ExamSession stored = e.get().session();
        ExamSession next = stored.changedBy(change);
        if (next != stored) {
            write(next, e.get().expiresAt());
        }
        return Optional.of(next);
    }

    @Override
    public synchronized boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
        check();
        if (failPuts) {
            throw new StoreUnavailable("write refused", null);
        }
        Optional<StoredSession> e = live(session.sessionId());
        if (e.isEmpty()) {
            if (session.version() < markerFloor(session.sessionId())) {
                return false;
            }
            write(session, clock.instant().plus(ttlIfAbsent));
            return true;
        }
        if (e.get().session().version() < session.version()) {
            write(session, e.get().expiresAt());
            return true;
        }
        return false;
    }

    @Override
    public synchronized boolean putFinished(ExamSession finished, Duration ttl) {
        check();
        if (failPuts) {
            throw new StoreUnavailable("write refused", null);
        }
        Optional<StoredSession> e = live(finished.sessionId());
        long floor = e.map(s -> s.session().version() + 1).orElseGet(() -> markerFloor(finished.sessionId()));
        if (finished.version() < floor) {
            return false;
        }
        write(finished, clock.instant().plus(ttl));
        return true;
    }

    @Override
    public synchronized boolean invalidate(SessionId id, long version, Duration ttl) {
        check();
        invalidations.incrementAndGet();
        Optional<StoredSession> e = live(id);
        if (e.map(s -> s.session().version() >= version).orElse(markerFloor(id) >= version)) {
            return false;
        }
        data.remove(id);
        markers.put(id, Map.entry(version, clock.instant().plus(ttl)));
        return true;
    }

    @Override
    public boolean putIfNewer(ExamSession session) {
        return putIfNewer(session, DEFAULT_TTL);
    }

    @Override
    public boolean delete(SessionId id) {
        check();
        deletes.incrementAndGet();
        markers.remove(id);
        return data.remove(id) != null;
    }

    @Override
    public synchronized boolean extend(SessionId id, Duration ttl) {
        check();
        Optional<StoredSession> e = live(id).filter(s -> !s.session().status().isFinished());
        e.ifPresent(s -> data.put(id, new StoredSession(s.session(), clock.instant().plus(ttl))));
        return e.isPresent();
    }

    @Override
    public Optional<Instant> expiresAt(SessionId id) {
        check();
        return live(id).map(StoredSession::expiresAt);
    }

    @Override
    public SessionStoreStats stats() {
        check();
        return new SessionStoreStats(backend, true, entries().size(), statsDetails);
    }

    @Override
    public boolean ping() {
        return !down;
    }

    @Override
    public List<StoredSession> entries() {
        check();
        List<StoredSession> out = new ArrayList<>();
        for (SessionId id : data.keySet()) {
            live(id).ifPresent(out::add);
        }
        return out;
    }

    /** Test access that bypasses the failure switches. */
    public Optional<ExamSession> peek(SessionId id) {
        return live(id).map(StoredSession::session);
    }

    public Optional<Instant> peekExpiry(SessionId id) {
        return live(id).map(StoredSession::expiresAt);
    }

    public void drop(SessionId id) {
        data.remove(id);
        markers.remove(id);
    }

    /** The version below which writes are refused by a live stale marker, or 0 when there is none. */
    public long peekMarker(SessionId id) {
        return live(id).isPresent() ? 0 : markerFloor(id);
    }

    public void seed(ExamSession session, Duration ttl) {
        data.put(session.sessionId(), new StoredSession(session, clock.instant().plus(ttl)));
    }
}
