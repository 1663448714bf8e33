package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.port.SessionPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The two homes of an exam: the hot copy in the session store, read first and rebuilt from the attempt record
 * when it is missing or unusable, and written (best effort) after every commit to the record.
 */
final class SessionCopies {
    // the log lines the copies have always written under the service's logger keep their name
    private static final System.Logger LOG = System.getLogger(ExamService.class.getName());

    private final SessionPort sessions;
    private final AttemptRepository attempts;
    private final ExamEvents events;

    SessionCopies(SessionPort sessions, AttemptRepository attempts, ExamEvents events) {
        this.sessions = sessions;
        this.attempts = attempts;
        this.events = events;
    }

    /**
     * The user's exam from its copy, or from the attempt record (writing the copy back) when the copy is missing
     * or the store cannot answer; with the instant the copy expires when asked (one round trip either way).
     */
    ExamView read(long userId, SessionId id, boolean withExpiry, Instant now) {
        sessions.requireServing();
        Optional<SessionPort.StoredSession> copy = get(id, withExpiry);
        if (copy.isPresent()) {
            ExamSession session = copy.get().session();
            if (session.userId() != userId) {
                throw ExamException.sessionNotFound();
            }
            return new ExamView(session, false, false,
                    session.status().isFinished() ? null : copy.get().expiresAt(), now);
        }
        ExamSession attempt = attempts.find(id).filter(a -> a.userId() == userId)
                .orElseThrow(ExamException::sessionNotFound);
        if (attempt.status().isFinished()) {
            // the finished copy guards against an older write still in flight (the store may have lost it)
            write(attempt);
            return new ExamView(attempt, false, false, null, now);
        }
        write(attempt);
        events.sessionRebuilt(attempt);
        return new ExamView(attempt, true, false, withExpiry ? expiresAt(attempt) : null, now);
    }

    /** Memory-only attempts vanish on restart while Redis keeps the session: takes the attempt back from its copy. */
    boolean recreateAttempt(long userId, SessionId id) {
        Optional<ExamSession> copy = get(id, false).map(SessionPort.StoredSession::session);
        if (copy.isEmpty() || copy.get().userId() != userId) {
            return false;
        }
        LOG.log(System.Logger.Level.INFO, "Recreating attempt of session {0} from its surviving session copy", id);
        try {
            return attempts.restore(copy.get()) || attempts.find(id).isPresent();
        } catch (OpenAttemptExists e) {
            return false;
        }
    }

    /**
     * Best effort, after a commit: writes the copy if it is newer (a finished one for {@link SessionPort#GUARD_TTL});
     * a copy that cannot be written is marked stale up to its version, so that no older copy is served or written back.
     */
    void write(ExamSession session) {
        try {
            if (session.status().isFinished()) {
                sessions.putFinished(session, SessionPort.GUARD_TTL);
            } else {
                sessions.putIfNewer(session);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not copy session {0} to the session store: {1}",
                    session.sessionId(), e.toString());
            invalidate(session);
        }
    }

    /** Sets the copy's remaining TTL, writing the copy first when it is gone. */
    void extend(ExamSession session, Duration ttl) {
        if (!sessions.extend(session.sessionId(), ttl)) {
            sessions.putIfNewer(session, ttl);
        }
    }

    /**
     * Whether the exam still has a copy.
     *
     * @throws StoreUnavailable when the store cannot say
     */
    boolean exists(SessionId id) {
        return sessions.get(id).isPresent();
    }

    /** When the copy of an exam in progress expires; null when finished, unknown or the store cannot say. */
    Instant expiresAt(ExamSession session) {
        if (session.status().isFinished()) {
            return null;
        }
        try {
            return sessions.expiresAt(session.sessionId()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The copy as a guess of the stored state for an optimistic change ({@link OptimisticChange}); null when there
     * is none or the store cannot answer now: the change then runs on the locked record alone.
     */
    ExamSession known(SessionId id) {
        try {
            return sessions.get(id).orElse(null);
        } catch (StoreUnavailable e) {
            return null;
        }
    }

    /** The copy (with its expiry when asked); empty when unusable. */
    private Optional<SessionPort.StoredSession> get(SessionId id, boolean withExpiry) {
        try {
            return withExpiry ? sessions.getWithExpiry(id)
                    : sessions.get(id).map(s -> new SessionPort.StoredSession(s, null));
        } catch (SessionStoreBusy e) {
            // overload, not an outage: rebuilding from the attempt record would only move the load to the database
            throw e;
        } catch (StoreUnavailable e) {
            sessions.requireServing(); // a store that must refuse (fallback "fail") says so here
            return Optional.empty();
        }
    }

    private void invalidate(ExamSession session) {
        try {
            sessions.invalidate(session.sessionId(), session.version(), SessionPort.GUARD_TTL);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not mark session copy {0} stale: {1}", session.sessionId(),
                    e.toString());
        }
    }
}
