package dev.examsessions.domain.model;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole state of one exam and its rules. Every rule takes the current instant and returns the new
 * state; an idempotent repeat returns this very instance, so callers can tell "nothing changed".
 */
public record ExamSession(
        SessionId sessionId,
        long attemptId,
        long userId,
        String examType,
        ExamMode mode,
        List<Long> questionIds,
        Map<Long, String> answers,
        Set<Long> flags,
        PausePolicy pausePolicy,
        Pauses pauses,
        Instant startedAt,
        Instant deadline,
        ExamStatus status,
        ExamResult result,
        long version) {

    public ExamSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(examType, "examType");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
        questionIds = List.copyOf(questionIds);
        answers = Collections.unmodifiableMap(new TreeMap<>(answers));
        flags = Collections.unmodifiableSet(new TreeSet<>(flags));
        pauses = pauses == null ? Pauses.none() : pauses;
        if (mode == ExamMode.PRACTICE) {
            pausePolicy = null;
            deadline = null;
        } else {
            Objects.requireNonNull(pausePolicy, "pausePolicy");
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** A new exam of the given type, started now; version 1, attempt id not yet assigned (0). */
    public static ExamSession start(SessionId id, long userId, ExamType type, ExamMode mode,
                                    List<Long> questionIds, Instant now) {
        if (questionIds.isEmpty() || new HashSet<>(questionIds).size() != questionIds.size()) {
            throw new IllegalArgumentException("question ids must be distinct and non-empty");
        }
        Instant deadline = mode == ExamMode.EXAM ? now.plus(type.duration()) : null;
        return new ExamSession(id, 0, userId, type.id(), mode, questionIds, Map.of(), Set.of(),
                type.pausePolicy(), Pauses.none(), now, deadline, ExamStatus.IN_PROGRESS, null, 1);
    }

    // ---- derived views -------------------------------------------------------------------------

    public boolean isTimed() {
        return mode == ExamMode.EXAM;
    }

    /** 1-based position of a question in this exam, or empty when it is not part of it. */
    public Optional<Integer> positionOf(long questionId) {
        int index = questionIds.indexOf(questionId);
        return index < 0 ? Optional.empty() : Optional.of(index + 1);
    }

    public boolean isPaused(Instant now) {
        return status == ExamStatus.IN_PROGRESS && isTimed() && pauses.isPaused(now);
    }

    /** True when a timed exam still in progress has reached its deadline. */
    public boolean isOverdue(Instant now) {
        return status == ExamStatus.IN_PROGRESS && isTimed() && !now.isBefore(deadline);
    }

    /** {@code deadline − max(now, pauseUntil)}, never negative; empty for practice. */
    public Optional<Duration> remaining(Instant now) {
        if (!isTimed()) {
            return Optional.empty();
        }
        if (status.isFinished()) {
            return Optional.of(Duration.ZERO);
        }
        Instant from = pauses.isPaused(now) ? pauses.pauseUntil() : now;
        Duration left = Duration.between(from, deadline);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Highest position locked by a break already started (0 when none). */
    public int lockedThrough() {
        if (!isTimed()) {
            return 0;
        }
        return pauses.consumed().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public boolean isLocked(int position) {
        return position <= lockedThrough();
    }

    public int answeredCount() {
        return answers.size();
    }

    /** Smallest checkpoint of the policy not yet used, or empty (also once the exam is finished). */
    public Optional<Integer> nextCheckpoint() {
        if (!isTimed() || status.isFinished()) {
            return Optional.empty();
        }
        return pausePolicy.checkpoints().stream().filter(c -> !pauses.consumed().contains(c)).sorted().findFirst();
    }

    /** A break could start now at some reached, unused checkpoint. */
    public boolean canPause(Instant now) {
        if (!isTimed() || status.isFinished() || isOverdue(now) || pauses.isPaused(now)) {
            return false;
        }
        return pausePolicy.checkpoints().stream()
                .anyMatch(c -> !pauses.consumed().contains(c) && answeredCount() >= c);
    }

    /** The break currently running, as seen at {@code now}. */
    public Optional<Instant> pauseUntil(Instant now) {
        return isPaused(now) ? Optional.of(pauses.pauseUntil()) : Optional.empty();
    }

    // ---- rules ---------------------------------------------------------------------------------

    /** Records ({@code choice != null}) or clears ({@code choice == null}) the answer to a question. */
    public ExamSession answer(QuestionKey question, String choice, Instant now) {
        int position = requirePosition(question.questionId());
        if (Objects.equals(answers.get(question.questionId()), choice)) {
            return this;
        }
        requireChangeable(now);
        if (isLocked(position)) {
            throw new ExamException(ErrorCode.SECTION_LOCKED,
                    "Questions 1.." + lockedThrough() + " are locked since the break at that checkpoint started.",
                    Map.of("lockedThrough", lockedThrough()));
        }
        if (choice != null && !question.optionKeys().contains(choice)) {
            throw new ExamException(ErrorCode.INVALID_CHOICE,
                    "Choice '" + choice + "' is not an option of question " + question.questionId()
                            + "; options are " + question.optionKeys() + ".",
                    Map.of("options", question.optionKeys()));
        }
        Map<Long, String> next = new LinkedHashMap<>(answers);
        if (choice == null) {
            next.remove(question.questionId());
        } else {
            next.put(question.questionId(), choice);
        }
        return withAnswers(next);
    }

    /** Sets or clears the review flag of a question. */
    public ExamSession flag(long questionId, boolean flagged, Instant now) {
        requirePosition(questionId);
        if (flags.contains(questionId) == flagged) {
            return this;
        }
        requireChangeable(now);
        Set<Long> next = new TreeSet<>(flags);
        if (flagged) {
            next.add(questionId);
        } else {
            next.remove(questionId);
        }
        return new ExamSession(sessionId, attemptId, userId, examType, mode, questionIds, answers, next,
                pausePolicy, pauses, startedAt, deadline, status, result, version);
    }

    /** Starts the break at {@code checkpoint}: freezes the clock, moves the deadline, locks 1..checkpoint. */
    public ExamSession startPause(int checkpoint, Instant now) {
        if (isPaused(now) && Objects.equals(pauses.activeCheckpoint(), checkpoint)) {
            return this;
        }
        requireNotFinished();
        requireTimeLeft(now);
        requireNotPaused(now);
        if (!isTimed() || !pausePolicy.checkpoints().contains(checkpoint)) {
            throw new ExamException(ErrorCode.INVALID_CHECKPOINT, isTimed()
                    ? "Checkpoint " + checkpoint + " is not a break of this exam; breaks are at " + pausePolicy.checkpoints() + "."
                    : "Practice mode has no breaks.");
        }
        if (pauses.consumed().contains(checkpoint)) {
            throw new ExamException(ErrorCode.CHECKPOINT_CONSUMED, "The break at " + checkpoint + " was already taken.");
        }
        if (answeredCount() < checkpoint) {
            throw new ExamException(ErrorCode.CHECKPOINT_NOT_REACHED, "Answer at least " + checkpoint
                    + " questions before this break (answered: " + answeredCount() + ").",
                    Map.of("answeredCount", answeredCount()));
        }
        Duration length = Duration.ofMillis(pausePolicy.durationMs());
        Set<Integer> consumed = new TreeSet<>(pauses.consumed());
        consumed.add(checkpoint);
        return withPauses(new Pauses(now.plus(length), checkpoint, consumed), deadline.plus(length));
    }

    /** Ends a running break early and gives back its unused time. */
    public ExamSession endPause(Instant now) {
        if (!isPaused(now)) {
            return this;
        }
        Duration unused = Duration.between(now, pauses.pauseUntil());
        return withPauses(new Pauses(null, null, pauses.consumed()), deadline.minus(unused));
    }

    /** Finishes the exam as submitted (or timed out when its time is up), scored with its answers. */
    public ExamSession submit(Map<Long, QuestionKey> keys, Instant now) {
        if (status == ExamStatus.SUBMITTED || status == ExamStatus.TIMED_OUT) {
            return this;
        }
        requireNotFinished();
        return finish(isOverdue(now) ? ExamStatus.TIMED_OUT : ExamStatus.SUBMITTED, keys, now);
    }

    /** Gives the exam up; an exam whose time is up is timed out instead. */
    public ExamSession abandon(Map<Long, QuestionKey> keys, Instant now) {
        if (status == ExamStatus.ABANDONED) {
            return this;
        }
        requireNotFinished();
        requireTimeLeft(now);
        return finish(ExamStatus.ABANDONED, keys, now);
    }

    /** Finalizes an overdue exam as timed out, scored with the answers it has. */
    public ExamSession timeOut(Map<Long, QuestionKey> keys, Instant now) {
        if (!isOverdue(now)) {
            return this;
        }
        return finish(ExamStatus.TIMED_OUT, keys, now);
    }

    /** Reading questions is refused during a break. */
    public void requireReadable(Instant now) {
        requireNotPaused(now);
    }

    /** Refuses any change that a finished exam, an expired timer or a running break forbids. */
    public void requireChangeable(Instant now) {
        requireNotFinished();
        requireTimeLeft(now);
        requireNotPaused(now);
    }

    /** Refuses when the caller expected another version (null: no expectation). */
    public void requireVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw new ExamException(ErrorCode.VERSION_MISMATCH, "The exam is at version " + version
                    + ", not " + expectedVersion + ": it changed since you read it; read it again.",
                    Map.of("version", version));
        }
    }

    // ---- copies --------------------------------------------------------------------------------

    public ExamSession withAttemptId(long id) {
        return new ExamSession(sessionId, id, userId, examType, mode, questionIds, answers, flags,
                pausePolicy, pauses, startedAt, deadline, status, result, version);
    }

    public ExamSession withVersion(long newVersion) {
        return new ExamSession(sessionId, attemptId, userId, examType, mode, questionIds, answers, flags,
                pausePolicy, pauses, startedAt, deadline, status, result, newVersion);
    }

    public ExamSession withAnswers(Map<Long, String> newAnswers) {
        return new ExamSession(sessionId, attemptId, userId, examType, mode, questionIds, newAnswers, flags,
                pausePolicy, pauses, startedAt, deadline, status, result, version);
    }

    /**
     * The stored result of running {@code change} on this state, as every store applies it: this very
     * instance when nothing changed (a repeat), else the new state with {@code version + 1}. A change may
     * not alter the exam's identity (ids, user, type, mode).
     */
    public ExamSession changedBy(java.util.function.UnaryOperator<ExamSession> change) {
        ExamSession next = Objects.requireNonNull(change.apply(this), "change returned null");
        if (!next.sessionId.equals(sessionId) || next.attemptId != attemptId || next.userId != userId
                || !next.examType.equals(examType) || next.mode != mode) {
            throw new IllegalStateException("a change must not alter the identity of exam " + sessionId);
        }
        return next.sameStateAs(this) ? this : next.withVersion(version + 1);
    }

    /** The same exam state except for the version: used to tell a real change from a repeat. */
    public boolean sameStateAs(ExamSession other) {
        return other != null && withVersion(0).equals(other.withVersion(0));
    }

    // ---- internals -----------------------------------------------------------------------------

    private ExamSession withPauses(Pauses newPauses, Instant newDeadline) {
        return new ExamSession(sessionId, attemptId, userId, examType, mode, questionIds, answers, flags,
                pausePolicy, newPauses, startedAt, newDeadline, status, result, version);
    }

    private ExamSession finish(ExamStatus finalStatus, Map<Long, QuestionKey> keys, Instant now) {
        ExamResult score = Scoring.score(this, keys, now);
        Pauses ended = new Pauses(null, null, pauses.consumed());
        return new ExamSession(sessionId, attemptId, userId, examType, mode, questionIds, answers, flags,
                pausePolicy, ended, startedAt, deadline, finalStatus, score, version);
    }

    private int requirePosition(long questionId) {
        return positionOf(questionId).orElseThrow(() -> new ExamException(ErrorCode.QUESTION_NOT_FOUND,
                "Question " + questionId + " is not part of this exam."));
    }

    private void requireNotFinished() {
        if (status.isFinished()) {
            throw new ExamException(ErrorCode.EXAM_FINISHED, "The exam is finished (" + status + ").",
                    Map.of("examStatus", status.name()));
        }
    }

    private void requireTimeLeft(Instant now) {
        if (isOverdue(now)) {
            throw new ExamException(ErrorCode.TIME_EXPIRED, "The exam's time ran out at " + deadline.toEpochMilli() + ".",
                    Map.of("deadline", deadline.toEpochMilli()));
        }
    }

    private void requireNotPaused(Instant now) {
        if (isPaused(now)) {
            long until = pauses.pauseUntil().toEpochMilli();
            throw new ExamException(ErrorCode.EXAM_PAUSED, "The exam is paused until " + until + ".",
                    Map.of("pauseUntil", until));
        }
    }
}
