package dev.examsessions.adapter.memory;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.OpenAttemptExists;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * user|type|mode → session id of the open attempt. A hint kept in step with the attempts: an entry whose attempt
 * is finished counts as free, so it may be cleared after the change that finished it.
 */
final class OpenAttemptIndex {
    private final ConcurrentHashMap<String, SessionId> openIndex = new ConcurrentHashMap<>();
    private final ConcurrentMap<SessionId, StoredAttempt> attempts;

    OpenAttemptIndex(ConcurrentMap<SessionId, StoredAttempt> attempts) {
        this.attempts = attempts;
    }

    /**
     * Stores an open attempt in the attempts unless its session id exists; throws {@link OpenAttemptExists} when
     * its user already has another open attempt of that type and mode. Returns whether it was stored.
     */
    boolean insertOpen(StoredAttempt stored) {
        ExamSession session = stored.session();
        boolean[] inserted = {false};
        // lock order: openIndex bin, then attempts bin (never the other way round)
        openIndex.compute(openKey(session), (key, current) -> {
            if (current != null && isOpen(current)) {
                if (current.equals(session.sessionId())) {
                    return current;
                }
                throw new OpenAttemptExists(current);
            }
            inserted[0] = attempts.putIfAbsent(session.sessionId(), stored) == null;
            return inserted[0] ? session.sessionId() : current;
        });
        return inserted[0];
    }

    /** Frees the open-attempt slot of a finished attempt (outside the attempt's lock). */
    void release(ExamSession finished) {
        openIndex.remove(openKey(finished), finished.sessionId());
    }

    private boolean isOpen(SessionId id) {
        StoredAttempt s = attempts.get(id);
        return s != null && s.session().status() == ExamStatus.IN_PROGRESS;
    }

    private static String openKey(ExamSession s) {
        return s.userId() + "|" + s.examType() + "|" + s.mode().name();
    }
}
