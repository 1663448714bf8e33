package dev.examsessions.domain.fakes;

import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.StoreHealth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** Attempt record in a map; one lock for everything is enough for unit tests. */
public class FakeAttemptRepository implements AttemptRepository {
    private final Map<SessionId, ExamSession> data = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);

    @Override
    public synchronized ExamSession create(ExamSession session) {
        for (ExamSession s : data.values()) {
            if (s.userId() == session.userId() && s.examType().equals(session.examType())
                    && s.mode() == session.mode() && s.status() == ExamStatus.IN_PROGRESS) {
                throw new OpenAttemptExists(s.sessionId());
            }
        }
        ExamSession stored = session.withAttemptId(ids.incrementAndGet());
        data.put(stored.sessionId(), stored);
        return stored;
    }

    @Override
    public synchronized boolean restore(ExamSession session) {
        return data.putIfAbsent(session.sessionId(), session) == null;
    }

    @Override
    public synchronized Optional<ExamSession> find(SessionId id) {
        return Optional.ofNullable(data.get(id));
    }

    @Override
    public synchronized Optional<Change> update(SessionId id, UnaryOperator<ExamSession> change) {
        ExamSession stored = data.get(id);
        if (stored == null) {
            return Optional.empty();
        }
        ExamSession next = stored.changedBy(change);
        data.put(id, next);
        return Optional.of(new Change(stored, next));
    }

    @Override
    public synchronized boolean replace(ExamSession before, ExamSession after) {
        AttemptRepository.requireSuccessor(before, after);
        ExamSession stored = data.get(before.sessionId());
        if (stored == null || stored.version() != before.version()) {
            return false;
        }
        data.put(after.sessionId(), after);
        return true;
    }

    @Override
    public synchronized List<ExamSession> openAttempts(long userId) {
        return data.values().stream()
                .filter(s -> s.userId() == userId && s.status() == ExamStatus.IN_PROGRESS)
                .sorted(Comparator.comparing(ExamSession::startedAt).reversed())
                .toList();
    }

    @Override
    public synchronized HistoryPage history(long userId, HistoryCursor after, int limit) {
        return HistoryPage.of(data.values().stream()
                .filter(s -> s.userId() == userId && s.status().isFinished())
                .filter(s -> after == null || after.precedes(s))
                .sorted(HistoryCursor.NEWEST_FIRST)
                .limit(limit + 1L)
                .toList(), limit);
    }

    @Override
    public synchronized List<ExamSession> claimOverdue(Instant now, int limit, UnaryOperator<ExamSession> finalize) {
        List<ExamSession> out = new ArrayList<>();
        for (ExamSession s : new ArrayList<>(data.values())) {
            if (out.size() >= limit) {
                break;
            }
            if (s.isOverdue(now)) {
                ExamSession done = s.changedBy(finalize);
                if (done != s) {
                    data.put(s.sessionId(), done);
                    out.add(done);
                }
            }
        }
        return out;
    }

    @Override
    public StoreHealth health() {
        return new StoreHealth("fake", true);
    }

    /** Test access: forget an attempt, as a memory-only record does on restart. */
    public synchronized void forget(SessionId id) {
        data.remove(id);
    }
}
