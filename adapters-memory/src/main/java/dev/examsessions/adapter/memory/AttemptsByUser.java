package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Each user's attempt ids, so that a user's open attempts and history pages are read without a full scan. */
final class AttemptsByUser {
    private final ConcurrentHashMap<Long, Set<SessionId>> byUser = new ConcurrentHashMap<>();

    /** Adds the attempt under its user; false when it was listed already. */
    boolean list(ExamSession session) {
        boolean[] added = {false};
        byUser.compute(session.userId(), (user, ids) -> {
            Set<SessionId> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            added[0] = set.add(session.sessionId());
            return set;
        });
        return added[0];
    }

    void unlist(ExamSession session) {
        // atomic per user, so that a concurrent list() never adds to a set that is being dropped
        byUser.computeIfPresent(session.userId(), (user, ids) -> {
            ids.remove(session.sessionId());
            return ids.isEmpty() ? null : ids;
        });
    }

    /** The user's attempts still held in {@code attempts}, in no particular order. */
    List<ExamSession> of(long userId, Map<SessionId, StoredAttempt> attempts) {
        Set<SessionId> ids = byUser.getOrDefault(userId, Set.of());
        List<ExamSession> out = new ArrayList<>(ids.size());
        for (SessionId id : ids) {
            StoredAttempt s = attempts.get(id);
            if (s != null) {
                out.add(s.session());
            }
        }
        return out;
    }
}
