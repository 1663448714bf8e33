package dev.examsessions.web;

import dev.examsessions.domain.AttemptRepository;
import dev.examsessions.domain.ErrorCode;
import dev.examsessions.domain.ExamCatalog;
import dev.examsessions.domain.ExamException;
import dev.examsessions.domain.ExamSession;
import dev.examsessions.domain.ExamType;
import dev.examsessions.domain.HistoryPage;
import dev.examsessions.domain.OpenAttemptExists;
import dev.examsessions.domain.Question;
import dev.examsessions.domain.QuestionBank;
import dev.examsessions.domain.SessionId;
import dev.examsessions.domain.SessionPort;
import dev.examsessions.domain.SessionStoreStats;
import dev.examsessions.domain.SessionStoreUnavailable;
import dev.examsessions.domain.StoreHealth;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/** Minimal in-test ports for driving the web layer: maps behind synchronized methods, plus failure switches. */
final class FakePorts {
    private FakePorts() {
    }

    /** Session copies in a map; {@code down} makes every call throw like an unreachable store. */
    static final class Sessions implements SessionPort {
        final Map<SessionId, ExamSession> copies = new ConcurrentHashMap<>();
        final Map<SessionId, Instant> expiry = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();
        private final SecureRandom random = new SecureRandom();

        private void check() {
            if (down.get()) {
                throw new SessionStoreUnavailable("session store down", null);
            }
        }

        @Override
        public SessionId newId() {
            return SessionId.random(random);
        }

        @Override
        public synchronized void put(ExamSession session, Duration ttl) {
            check();
            copies.put(session.sessionId(), session);
            expiry.put(session.sessionId(), Instant.now().plus(ttl));
        }

        @Override
        public Optional<ExamSession> get(SessionId id) {
            check();
            return Optional.ofNullable(copies.get(id));
        }

        @Override
        public synchronized Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
            check();
            ExamSession s = copies.get(id);
            if (s == null) {
                return Optional.empty();
            }
            ExamSession n = change.apply(s);
            if (!n.sameStateAs(s)) {
                n = n.withVersion(s.version() + 1);
                copies.put(id, n);
            }
            return Optional.of(n);
        }

        @Override
        public synchronized boolean putIfNewer(ExamSession session, Duration ttlIfAbsent) {
            check();
            ExamSession old = copies.get(session.sessionId());
            if (old == null) {
                put(session, ttlIfAbsent);
                return true;
            }
            if (old.version() < session.version()) {
                copies.put(session.sessionId(), session);
                return true;
            }
            return false;
        }

        @Override
        public boolean putIfNewer(ExamSession session) {
            return putIfNewer(session, DEFAULT_TTL);
        }

        @Override
        public boolean delete(SessionId id) {
            check();
            expiry.remove(id);
            return copies.remove(id) != null;
        }

        @Override
        public boolean extend(SessionId id, Duration ttl) {
            check();
            if (!copies.containsKey(id)) {
                return false;
            }
            expiry.put(id, Instant.now().plus(ttl));
            return true;
        }

        @Override
        public Optional<Instant> expiresAt(SessionId id) {
            check();
            return Optional.ofNullable(expiry.get(id));
        }

        @Override
        public SessionStoreStats stats() {
            check();
            return new SessionStoreStats("memory", true, copies.size(), Map.of("since", Instant.EPOCH));
        }
    }

    /** Attempts in a map; {@code down} makes health report unavailable; hooks fail or block chosen users. */
    static final class Attempts implements AttemptRepository {
        final Map<SessionId, ExamSession> rows = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicLong ids = new AtomicLong(100);
        volatile long failingUser = -1;
        volatile RuntimeException failure;
        volatile long slowUser = -1;
        volatile Duration slowFor = Duration.ZERO;

        @Override
        public synchronized ExamSession create(ExamSession session) {
            for (ExamSession open : openAttempts(session.userId())) {
                if (open.examType().equals(session.examType()) && open.mode() == session.mode()) {
                    throw new OpenAttemptExists(open.sessionId());
                }
            }
            ExamSession stored = session.withAttemptId(ids.incrementAndGet());
            rows.put(stored.sessionId(), stored);
            return stored;
        }

        @Override
        public synchronized boolean restore(ExamSession session) {
            return rows.putIfAbsent(session.sessionId(), session) == null;
        }

        @Override
        public Optional<ExamSession> find(SessionId id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public synchronized Optional<ExamSession> update(SessionId id, UnaryOperator<ExamSession> change) {
            ExamSession s = rows.get(id);
            if (s == null) {
                return Optional.empty();
            }
            ExamSession n = change.apply(s);
            if (!n.sameStateAs(s)) {
                n = n.withVersion(s.version() + 1);
                rows.put(id, n);
            }
            return Optional.of(n);
        }

        @Override
        public List<ExamSession> openAttempts(long userId) {
            if (userId == failingUser && failure != null) {
                throw failure;
            }
            if (userId == slowUser) {
                try {
                    Thread.sleep(slowFor.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return rows.values().stream().filter(s -> s.userId() == userId && !s.status().isFinished())
                    .sorted(Comparator.comparing(ExamSession::startedAt).reversed()).toList();
        }

        @Override
        public HistoryPage history(long userId, Instant before, int limit) {
            List<ExamSession> done = rows.values().stream()
                    .filter(s -> s.userId() == userId && s.status().isFinished())
                    .filter(s -> before == null || s.result().finishedAt().isBefore(before))
                    .sorted(Comparator.comparing((ExamSession s) -> s.result().finishedAt()).reversed()).toList();
            List<ExamSession> page = done.subList(0, Math.min(limit, done.size()));
            Instant next = done.size() > limit ? page.get(page.size() - 1).result().finishedAt() : null;
            return new HistoryPage(page, next);
        }

        @Override
        public synchronized List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
            List<ExamSession> out = new ArrayList<>();
            for (ExamSession s : rows.values()) {
                if (out.size() < limit && s.isOverdue(now)) {
                    ExamSession n = finalize.apply(s).withVersion(s.version() + 1);
                    rows.put(s.sessionId(), n);
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public StoreHealth health() {
            return new StoreHealth("memory", !down.get());
        }
    }

    /** Questions 1..n with options A-D; the correct key is always "B". */
    static final class Bank implements QuestionBank {
        private final int size;

        Bank(int size) {
            this.size = size;
        }

        @Override
        public Optional<Question> question(long id) {
            if (id < 1 || id > size) {
                return Optional.empty();
            }
            List<Question.Option> options = List.of(new Question.Option("A", "a"), new Question.Option("B", "b"),
                    new Question.Option("C", "c"), new Question.Option("D", "d"));
            return Optional.of(new Question(id, "Question " + id, options, "B", "Because B.", id % 2 == 0 ? "People" : "Process"));
        }

        @Override
        public List<Long> sample(ExamType type, int count) {
            if (count > size) {
                throw new ExamException(ErrorCode.NOT_ENOUGH_QUESTIONS, "Not enough questions.");
            }
            return LongStream.rangeClosed(1, count).boxed().toList();
        }
    }

    static ExamCatalog catalog(ExamType... types) {
        List<ExamType> list = List.of(types);
        return () -> list;
    }
}
