package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.error.SessionStoreBusy;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.port.QuestionBank;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import dev.examsessions.domain.port.SessionStoreStats;
import dev.examsessions.domain.port.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The exam use cases. Every change is committed to the attempt record first, then copied to the session
 * store (a finished exam too: its copy refuses older writes still in flight); reads use the copy and rebuild
 * it from the attempt when it is missing or unreachable.
 */
public final class ExamService {
    public static final int MAX_QUESTIONS_PER_CALL = 200;
    public static final int MAX_HISTORY_PAGE = 100;
    private static final System.Logger LOG = System.getLogger(ExamService.class.getName());

    private final SessionPort sessions;
    private final AttemptRepository attempts;
    private final QuestionBank bank;
    private final ExamCatalog catalog;
    private final RateLimiter startLimiter;
    private final ExamEvents events;
    private final Clock clock;

    public ExamService(SessionPort sessions, AttemptRepository attempts, QuestionBank bank, ExamCatalog catalog,
                       RateLimiter startLimiter, ExamEvents events, Clock clock) {
        this.sessions = sessions;
        this.attempts = attempts;
        this.bank = bank;
        this.catalog = catalog;
        this.startLimiter = startLimiter;
        this.events = events;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The session store's own report (for health checks and the admin statistics). */
    public SessionStoreStats sessionStats() {
        try {
            return sessions.stats();
        } catch (RuntimeException e) {
            return new SessionStoreStats("unknown", false, 0, Map.of("error", e.getClass().getSimpleName()));
        }
    }

    public StoreHealth attemptHealth() {
        try {
            return attempts.health();
        } catch (RuntimeException e) {
            return new StoreHealth("unknown", false);
        }
    }

    public List<ExamType> types() {
        return catalog.types();
    }

    // ---- starting and listing ------------------------------------------------------------------

    /** Starts a new exam, or resumes the user's open attempt of the same type and mode. */
    public ExamView select(long userId, String examTypeId, String modeName, Integer questionCount) {
        sessions.requireServing();
        ExamType type = catalog.find(examTypeId).orElseThrow(() -> new ExamException(ErrorCode.UNKNOWN_EXAM_TYPE,
                "Unknown exam type '" + examTypeId + "'; known types: "
                        + catalog.types().stream().map(ExamType::id).toList() + "."));
        ExamMode mode = modeName == null ? ExamMode.EXAM : ExamMode.fromWire(modeName).orElseThrow(() ->
                new ExamException(ErrorCode.INVALID_MODE, "Mode must be 'exam' or 'practice', not '" + modeName + "'."));
        int count = questionCount(type, mode, questionCount);

        Optional<ExamSession> open = attempts.openAttempts(userId).stream()
                .filter(a -> a.examType().equals(type.id()) && a.mode() == mode).findFirst();
        if (open.isPresent() && !finalizeIfOverdue(open.get())) {
            return read(userId, open.get().sessionId(), true).asResumed();
        }
        startLimiter.tryAcquire("exam-start:" + userId).ifPresent(wait -> {
            events.examStartRefused();
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ExamException(ErrorCode.RATE_LIMITED, "Too many new exams; try again in " + seconds + " s.",
                    Map.of(), Duration.ofSeconds(seconds), null);
        });
        List<Long> questionIds = bank.sample(type, count);
        ExamSession fresh = ExamSession.start(SessionId.newId(), userId, type, mode, questionIds, now());
        ExamSession created;
        try {
            created = attempts.create(fresh);
        } catch (OpenAttemptExists raced) {
            return read(userId, raced.existing(), true).asResumed();
        }
        copyToStore(created);
        events.examStarted(created);
        return new ExamView(created, false, false, expiresAt(created));
    }

    public List<ExamSession> active(long userId) {
        return attempts.openAttempts(userId);
    }

    /** A page of the user's finished attempts, newest first, after {@code after} (from the newest when null). */
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        return attempts.history(userId, after, Math.max(1, Math.min(limit, MAX_HISTORY_PAGE)));
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** The exam's state with the instant its hot copy expires. */
    public ExamView state(long userId, SessionId id) {
        return read(userId, id, true);
    }

    public QuestionView question(long userId, SessionId id, int position) {
        ExamSession session = read(userId, id, false).session();
        // not found wins over paused (API "Which error wins")
        QuestionView view = questionAt(session, position);
        session.requireReadable(now());
        return view;
    }

    public List<QuestionView> questions(long userId, SessionId id, int from, int to) {
        ExamSession session = read(userId, id, false).session();
        if (to < from) {
            throw new ExamException(ErrorCode.INVALID_RANGE, "The range " + from + ".." + to + " is empty: 'to' must "
                    + "not be less than 'from'.");
        }
        int last = Math.min(to, session.questionIds().size());
        if (from < 1 || from > session.questionIds().size()) {
            throw new ExamException(ErrorCode.QUESTION_NOT_FOUND, "Positions " + from + ".." + to
                    + " are outside 1.." + session.questionIds().size() + ".");
        }
        session.requireReadable(now());
        if (last - from + 1 > MAX_QUESTIONS_PER_CALL) {
            throw new ExamException(ErrorCode.INVALID_RANGE, "At most " + MAX_QUESTIONS_PER_CALL + " questions per call.");
        }
        List<QuestionView> views = new ArrayList<>();
        for (int p = from; p <= last; p++) {
            views.add(questionAt(session, p));
        }
        return views;
    }

    /** A question's content from the bank (practice answers reveal its key without reading the session again). */
    public Optional<Question> questionContent(long questionId) {
        return bank.question(questionId);
    }

    public ExamView pauseStatus(long userId, SessionId id) {
        return read(userId, id, false);
    }

    public List<ReviewItem> review(long userId, SessionId id) {
        ExamSession session = read(userId, id, false).session();
        if (!session.status().isFinished()) {
            throw new ExamException(ErrorCode.NOT_FINISHED, "Review is available once the exam is finished.");
        }
        List<ReviewItem> items = new ArrayList<>();
        for (int p = 1; p <= session.questionIds().size(); p++) {
            long qid = session.questionIds().get(p - 1);
            Question q = requireQuestion(qid);
            String choice = session.answers().get(qid);
            items.add(new ReviewItem(p, q, choice, q.correctKey().equals(choice), session.flags().contains(qid)));
        }
        return items;
    }

    // ---- changes -------------------------------------------------------------------------------

    /*
     * Every change takes the client's expected version, or null. It is checked last, under the attempt's
     * lock, and only when the change would alter the exam: an idempotent repeat succeeds whatever version is sent
     * (its effect is already there, so a retry after a lost response still succeeds), and every other refusal
     * (not found, finished, time up, paused, locked, invalid value) wins over a stale version.
     */

    public ExamSession answer(long userId, SessionId id, long questionId, String choice, Long expectedVersion) {
        QuestionKey key = bank.question(questionId).map(Question::key)
                .orElse(new QuestionKey(questionId, List.of(), "", null));
        return change(userId, id, expectedVersion, (s, now) -> s.answer(key, choice, now), events::answerRecorded);
    }

    public ExamSession flag(long userId, SessionId id, long questionId, boolean flagged, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.flag(questionId, flagged, now), s -> { });
    }

    public ExamSession startPause(long userId, SessionId id, int checkpoint, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.startPause(checkpoint, now), s -> { });
    }

    public ExamSession endPause(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.endPause(now), s -> { });
    }

    public ExamSession submit(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.submit(keys(s), now), s -> { });
    }

    public ExamSession abandon(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.abandon(keys(s), now), s -> { });
    }

    /**
     * Sets the hot copy's remaining TTL; rebuilds the copy first when it is gone. The TTL is not exam state, so
     * the version stays; {@code expectedVersion} is still checked, after the other refusals, like a change.
     */
    public Instant extend(long userId, SessionId id, int minutes, Long expectedVersion) {
        // not found → finished → invalid value → stale version (API "Which error wins")
        ExamSession session = read(userId, id, false).session();
        if (session.status().isFinished()) {
            throw new ExamException(ErrorCode.EXAM_FINISHED, "The exam is finished (" + session.status() + ").",
                    Map.of("examStatus", session.status().name()));
        }
        if (minutes < 1 || minutes > 1440) {
            throw new ExamException(ErrorCode.INVALID_EXTENSION, "minutes must be between 1 and 1440, not " + minutes + ".");
        }
        session.requireVersion(expectedVersion);
        Duration ttl = Duration.ofMinutes(minutes);
        if (!sessions.extend(id, ttl)) {
            sessions.putIfNewer(session, ttl);
        }
        // extend sets the remaining TTL to exactly ttl: no need to ask the store again
        return now().plus(ttl);
    }

    /** Finalizes up to {@code limit} overdue exams as timed out; returns how many. */
    public int sweepOverdue(int limit) {
        List<ExamSession> finalized = attempts.claimOverdue(now(), limit, s -> s.timeOut(keys(s), now()));
        for (ExamSession s : finalized) {
            events.examFinished(s);
            copyToStore(s);
        }
        return finalized.size();
    }

    /**
     * Finalizes as {@code ABANDONED} (scored with the answers it has) up to {@code limit} untimed attempts nobody has
     * changed for {@code idleFor} and whose session copy is gone; returns how many. Timed exams are left to their
     * timer ({@link #sweepOverdue}). Does nothing while the session store cannot say whether a copy exists.
     */
    public int abandonIdle(Duration idleFor, int limit) {
        if (!sessions.ping()) {
            return 0;
        }
        Instant now = now();
        int abandoned = 0;
        for (ExamSession idle : attempts.idleUntimedAttempts(now.minus(idleFor), limit)) {
            try {
                if (sessions.get(idle.sessionId()).isPresent()) {
                    continue; // its copy lives (extended, or just rebuilt by a read): someone may still use it
                }
            } catch (StoreUnavailable e) {
                return abandoned;
            }
            // only the state seen idle: a change in between means the taker is back
            Optional<ExamSession> done = attempts.update(idle.sessionId(), s -> s.version() == idle.version()
                    && s.status() == ExamStatus.IN_PROGRESS ? s.abandon(keys(s), now) : s);
            if (done.isPresent() && done.get().status() == ExamStatus.ABANDONED && done.get().version() != idle.version()) {
                events.examFinished(done.get());
                copyToStore(done.get());
                abandoned++;
            }
        }
        return abandoned;
    }

    // ---- internals -----------------------------------------------------------------------------

    /** An open attempt whose time ran out is finalized rather than resumed with nothing left. */
    private boolean finalizeIfOverdue(ExamSession open) {
        Instant now = now();
        if (!open.isOverdue(now)) {
            return false;
        }
        attempts.update(open.sessionId(), s -> s.timeOut(keys(s), now)).ifPresent(done -> {
            if (done.status().isFinished()) {
                events.examFinished(done);
                copyToStore(done);
            }
        });
        return true;
    }

    private ExamSession change(long userId, SessionId id, Long expectedVersion,
                               BiFunction<ExamSession, Instant, ExamSession> rule,
                               java.util.function.Consumer<ExamSession> onChanged) {
        sessions.requireServing();
        Instant now = now();
        AtomicReference<ExamSession> before = new AtomicReference<>();
        AtomicReference<ExamException> deferred = new AtomicReference<>();
        UnaryOperator<ExamSession> op = stored -> {
            before.set(stored);
            deferred.set(null);
            if (stored.userId() != userId) {
                throw ExamException.sessionNotFound();
            }
            try {
                ExamSession next = rule.apply(stored, now);
                if (!next.sameStateAs(stored)) {
                    stored.requireVersion(expectedVersion);
                }
                return next;
            } catch (ExamException e) {
                if (e.code() != ErrorCode.TIME_EXPIRED) {
                    throw e;
                }
                // Time is up: this request finalizes the attempt, then reports TIME_EXPIRED.
                deferred.set(e);
                return stored.timeOut(keys(stored), now);
            }
        };
        Optional<ExamSession> updated = attempts.update(id, op);
        if (updated.isEmpty() && recreateFromCopy(userId, id)) {
            updated = attempts.update(id, op);
        }
        ExamSession after = updated.orElseThrow(ExamException::sessionNotFound);
        if (after.version() != before.get().version()) {
            if (after.status().isFinished()) {
                events.examFinished(after);
            } else {
                onChanged.accept(after);
            }
            copyToStore(after);
        }
        if (deferred.get() != null) {
            throw deferred.get();
        }
        return after;
    }

    /** Memory-only attempts vanish on restart while Redis keeps the session: take the session back. */
    private boolean recreateFromCopy(long userId, SessionId id) {
        Optional<ExamSession> copy = getCopy(id);
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

    private ExamView read(long userId, SessionId id, boolean withExpiry) {
        sessions.requireServing();
        Optional<SessionPort.StoredSession> copy = getCopy(id, withExpiry);
        if (copy.isPresent()) {
            ExamSession session = copy.get().session();
            if (session.userId() != userId) {
                throw ExamException.sessionNotFound();
            }
            return new ExamView(session, false, false, session.status().isFinished() ? null : copy.get().expiresAt());
        }
        ExamSession attempt = attempts.find(id).filter(a -> a.userId() == userId)
                .orElseThrow(ExamException::sessionNotFound);
        if (attempt.status().isFinished()) {
            // the finished copy guards against an older write still in flight (the store may have lost it)
            copyToStore(attempt);
            return new ExamView(attempt, false, false, null);
        }
        copyToStore(attempt);
        events.sessionRebuilt(attempt);
        return new ExamView(attempt, true, false, withExpiry ? expiresAt(attempt) : null);
    }

    private QuestionView questionAt(ExamSession session, int position) {
        if (position < 1 || position > session.questionIds().size()) {
            throw new ExamException(ErrorCode.QUESTION_NOT_FOUND, "Position " + position + " is outside 1.."
                    + session.questionIds().size() + ".");
        }
        long qid = session.questionIds().get(position - 1);
        return new QuestionView(position, requireQuestion(qid), session.answers().get(qid),
                session.flags().contains(qid), session.isLocked(position), session);
    }

    private Question requireQuestion(long id) {
        return bank.question(id).orElseThrow(() -> new ExamException(ErrorCode.QUESTION_NOT_FOUND,
                "Question " + id + " is no longer in the question bank."));
    }

    private Map<Long, QuestionKey> keys(ExamSession session) {
        Map<Long, QuestionKey> keys = new LinkedHashMap<>();
        for (Long id : session.questionIds()) {
            bank.question(id).ifPresent(q -> keys.put(id, q.key()));
        }
        return keys;
    }

    private Optional<ExamSession> getCopy(SessionId id) {
        return getCopy(id, false).map(SessionPort.StoredSession::session);
    }

    /** The session copy (with its expiry when asked: one round trip either way); empty when unusable. */
    private Optional<SessionPort.StoredSession> getCopy(SessionId id, boolean withExpiry) {
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

    /**
     * Best effort: writes the copy if it is newer (a finished one for {@link SessionPort#GUARD_TTL}); a copy that
     * cannot be written is marked stale up to its version, so that no older copy is served or written back.
     */
    private void copyToStore(ExamSession session) {
        try {
            if (session.status().isFinished()) {
                sessions.putFinished(session, SessionPort.GUARD_TTL);
            } else {
                sessions.putIfNewer(session);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not copy session {0} to the session store: {1}",
                    session.sessionId(), e.toString());
            invalidateCopy(session);
        }
    }

    private void invalidateCopy(ExamSession session) {
        try {
            sessions.invalidate(session.sessionId(), session.version(), SessionPort.GUARD_TTL);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not mark session copy {0} stale: {1}", session.sessionId(),
                    e.toString());
        }
    }

    private Instant expiresAt(ExamSession session) {
        if (session.status().isFinished()) {
            return null;
        }
        try {
            return sessions.expiresAt(session.sessionId()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int questionCount(ExamType type, ExamMode mode, Integer requested) {
        if (requested == null) {
            return type.questionCount();
        }
        if (mode == ExamMode.EXAM) {
            throw new ExamException(ErrorCode.INVALID_QUESTION_COUNT,
                    "questionCount is only allowed in practice mode; an exam has " + type.questionCount() + " questions.");
        }
        if (requested < 1 || requested > type.questionCount()) {
            throw new ExamException(ErrorCode.INVALID_QUESTION_COUNT,
                    "questionCount must be between 1 and " + type.questionCount() + ", not " + requested + ".");
        }
        return requested;
    }
}
