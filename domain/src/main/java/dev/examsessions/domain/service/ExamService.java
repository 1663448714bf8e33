package dev.examsessions.domain.service;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.error.StoreUnavailable;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.Question;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.AttemptRepository;
import dev.examsessions.domain.port.Change;
import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.domain.port.HistoryPage;
import dev.examsessions.domain.port.OpenAttemptExists;
import dev.examsessions.domain.port.QuestionBank;
import dev.examsessions.domain.port.RateLimiter;
import dev.examsessions.domain.port.SessionPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The exam use cases. Every change is committed to the attempt record first, then copied to the session
 * store (a finished exam too: its copy refuses older writes still in flight); reads use the copy and rebuild
 * it from the attempt when it is missing or unreachable ({@link SessionCopies}).
 */
public final class ExamService {
    public static final int MAX_HISTORY_PAGE = 100;

    private final SessionPort sessions;
    private final AttemptRepository attempts;
    private final QuestionBank bank;
    private final ExamCatalog catalog;
    private final RateLimiter startLimiter;
    private final ExamEvents events;
    private final Clock clock;
    private final SessionCopies copies;
    private final ExamQuestions questions;
    private final StoreReports stores;

    public ExamService(SessionPort sessions, AttemptRepository attempts, QuestionBank bank, ExamCatalog catalog,
                       RateLimiter startLimiter, ExamEvents events, Clock clock) {
        this.sessions = sessions;
        this.attempts = attempts;
        this.bank = bank;
        this.catalog = catalog;
        this.startLimiter = startLimiter;
        this.events = events;
        this.clock = clock;
        this.copies = new SessionCopies(sessions, attempts, events);
        this.questions = new ExamQuestions(bank);
        this.stores = new StoreReports(sessions, attempts);
    }

    /** What the stores this service runs on report about themselves (for health checks and the admin statistics). */
    public StoreReports stores() {
        return stores;
    }

    public List<ExamType> types() {
        return catalog.types();
    }

    // ---- starting and listing ------------------------------------------------------------------

    /** Starts a new exam, or resumes the user's open attempt of the same type and mode. */
    public ExamView select(long userId, String examTypeId, String modeName, Integer questionCount) {
        sessions.requireServing();
        ExamChoice choice = ExamChoice.of(catalog, examTypeId, modeName, questionCount);
        Instant now = now();

        Optional<ExamSession> open = attempts.openAttempts(userId).stream()
                .filter(a -> a.examType().equals(choice.type().id()) && a.mode() == choice.mode()).findFirst();
        if (open.isPresent() && !finalizeIfOverdue(open.get(), now)) {
            return copies.read(userId, open.get().sessionId(), true, now).asResumed();
        }
        startLimiter.tryAcquire("exam-start:" + userId).ifPresent(wait -> {
            events.examStartRefused();
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ExamException(ErrorCode.RATE_LIMITED, "Too many new exams; try again in " + seconds + " s.",
                    Map.of(), Duration.ofSeconds(seconds), null);
        });
        List<Long> questionIds = bank.sample(choice.type(), choice.questionCount());
        ExamSession fresh = ExamSession.start(SessionId.newId(), userId, choice.type(), choice.mode(), questionIds, now);
        ExamSession created;
        try {
            created = attempts.create(fresh);
        } catch (OpenAttemptExists raced) {
            return copies.read(userId, raced.existing(), true, now).asResumed();
        }
        copies.write(created);
        events.examStarted(created);
        return new ExamView(created, false, false, copies.expiresAt(created), now);
    }

    public ActiveAttempts active(long userId) {
        return new ActiveAttempts(attempts.openAttempts(userId), now());
    }

    /** A page of the user's finished attempts, newest first, after {@code after} (from the newest when null). */
    public HistoryPage history(long userId, HistoryCursor after, int limit) {
        return attempts.history(userId, after, Math.max(1, Math.min(limit, MAX_HISTORY_PAGE)));
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** The exam's state with the instant its hot copy expires. */
    public ExamView state(long userId, SessionId id) {
        return copies.read(userId, id, true, now());
    }

    public QuestionView question(long userId, SessionId id, int position) {
        ExamSession session = read(userId, id).session();
        // not found wins over paused (API "Which error wins")
        QuestionView view = questions.at(session, position);
        session.requireReadable(now());
        return view;
    }

    public List<QuestionView> questions(long userId, SessionId id, int from, int to) {
        return questions.range(read(userId, id).session(), from, to, now());
    }

    public ExamView pauseStatus(long userId, SessionId id) {
        return read(userId, id);
    }

    public List<ReviewItem> review(long userId, SessionId id) {
        return questions.review(read(userId, id).session());
    }

    // ---- changes -------------------------------------------------------------------------------

    /*
     * Every change takes the client's expected version, or null. It is checked last, under the attempt's
     * lock, and only when the change would alter the exam: an idempotent repeat succeeds whatever version is sent
     * (its effect is already there, so a retry after a lost response still succeeds), and every other refusal
     * (not found, finished, time up, paused, locked, invalid value) wins over a stale version ({@link ChangeOutcome}).
     */

    /** Records or clears an answer; in practice mode the result carries the question's content (its key). */
    public AnswerResult answer(long userId, SessionId id, long questionId, String choice, Long expectedVersion) {
        Optional<Question> question = bank.question(questionId);
        QuestionKey key = question.map(Question::key).orElse(new QuestionKey(questionId, List.of(), "", null));
        ChangeResult done = change(userId, id, expectedVersion, (s, now) -> s.answer(key, choice, now),
                events::answerRecorded);
        Question content = done.session().mode() == ExamMode.PRACTICE ? question.orElse(null) : null;
        return new AnswerResult(done.session(), content, done.now());
    }

    public ChangeResult flag(long userId, SessionId id, long questionId, boolean flagged, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.flag(questionId, flagged, now), s -> { });
    }

    public ChangeResult startPause(long userId, SessionId id, int checkpoint, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.startPause(checkpoint, now), s -> { });
    }

    public ChangeResult endPause(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.endPause(now), s -> { });
    }

    public ChangeResult submit(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.submit(questions.keys(s), now), s -> { });
    }

    public ChangeResult abandon(long userId, SessionId id, Long expectedVersion) {
        return change(userId, id, expectedVersion, (s, now) -> s.abandon(questions.keys(s), now), s -> { });
    }

    /**
     * Sets the hot copy's remaining TTL; rebuilds the copy first when it is gone. The TTL is not exam state, so
     * the version stays; {@code expectedVersion} is still checked, after the other refusals, like a change.
     */
    public Instant extend(long userId, SessionId id, int minutes, Long expectedVersion) {
        // not found → finished → invalid value → stale version (API "Which error wins")
        ExamSession session = read(userId, id).session();
        if (session.status().isFinished()) {
            throw new ExamException(ErrorCode.EXAM_FINISHED, "The exam is finished (" + session.status() + ").",
                    Map.of("examStatus", session.status().name()));
        }
        if (minutes < 1 || minutes > 1440) {
            throw new ExamException(ErrorCode.INVALID_EXTENSION, "minutes must be between 1 and 1440, not " + minutes + ".");
        }
        session.requireVersion(expectedVersion);
        Duration ttl = Duration.ofMinutes(minutes);
        copies.extend(session, ttl);
        // extend sets the remaining TTL to exactly ttl: no need to ask the store again
        return now().plus(ttl);
    }

    /** Finalizes up to {@code limit} overdue exams as timed out; returns how many. */
    public int sweepOverdue(int limit) {
        List<ExamSession> finalized = attempts.claimOverdue(now(), limit, s -> s.timeOut(questions.keys(s), now()));
        for (ExamSession s : finalized) {
            events.examFinished(s);
            copies.write(s);
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
                if (copies.exists(idle.sessionId())) {
                    continue; // its copy lives (extended, or just rebuilt by a read): someone may still use it
                }
            } catch (StoreUnavailable e) {
                return abandoned;
            }
            // only the state seen idle: a change in between means the taker is back
            Optional<ExamSession> done = attempts.update(idle.sessionId(), s -> s.version() == idle.version()
                    && s.status() == ExamStatus.IN_PROGRESS ? s.abandon(questions.keys(s), now) : s).map(Change::after);
            if (done.isPresent() && done.get().status() == ExamStatus.ABANDONED && done.get().version() != idle.version()) {
                events.examFinished(done.get());
                copies.write(done.get());
                abandoned++;
            }
        }
        return abandoned;
    }

    // ---- internals -----------------------------------------------------------------------------

    /** An open attempt whose time ran out is finalized rather than resumed with nothing left. */
    private boolean finalizeIfOverdue(ExamSession open, Instant now) {
        if (!open.isOverdue(now)) {
            return false;
        }
        attempts.update(open.sessionId(), s -> s.timeOut(questions.keys(s), now)).map(Change::after).ifPresent(done -> {
            if (done.status().isFinished()) {
                events.examFinished(done);
                copies.write(done);
            }
        });
        return true;
    }

    private ChangeResult change(long userId, SessionId id, Long expectedVersion,
                                BiFunction<ExamSession, Instant, ExamSession> rule, Consumer<ExamSession> onChanged) {
        sessions.requireServing();
        Instant now = now();
        Function<ExamSession, ChangeOutcome> outcome = stored -> {
            if (stored.userId() != userId) {
                throw ExamException.sessionNotFound();
            }
            return ChangeOutcome.of(stored, now, expectedVersion, rule, questions::keys);
        };
        UnaryOperator<ExamSession> op = stored -> outcome.apply(stored).state();
        // the copy is one cheap read; when it is still the stored state, the record takes the change in one write
        Change change = OptimisticChange.apply(attempts, id, copies.known(id), op)
                .or(() -> copies.recreateAttempt(userId, id) ? attempts.update(id, op) : Optional.empty())
                .orElseThrow(ExamException::sessionNotFound);
        ExamSession after = change.after();
        if (change.changed()) {
            if (after.status().isFinished()) {
                events.examFinished(after);
            } else {
                onChanged.accept(after);
            }
            copies.write(after);
            if (after.status() == ExamStatus.TIMED_OUT) {
                // the outcome is pure: the state the committed change ran on says whether the time ran out under it
                Optional<ExamException> refusal = outcome.apply(change.before()).refusalAfterCommit();
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
            }
        }
        return new ChangeResult(after, now);
    }

    /** The user's exam from its copy (rebuilt from the attempt when missing), without asking for its expiry. */
    private ExamView read(long userId, SessionId id) {
        return copies.read(userId, id, false, now());
    }

    private Instant now() {
        return clock.instant();
    }
}
