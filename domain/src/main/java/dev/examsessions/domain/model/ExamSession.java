package dev.examsessions.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

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
        // sorted views: copying one session's maps into the next is then linear (TreeMap's buildFromSorted), not a
        // re-insertion of every answer; a change copies them a few times
        answers = Collections.unmodifiableSortedMap(new TreeMap<>(answers));
        flags = Collections.unmodifiableSortedSet(new TreeSet<>(flags));
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
    Optional<Integer> positionOf(long questionId) {
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
        return isTimed() ? pauses.lockedThrough() : 0;
    }

    public boolean isLocked(int position) {
        return position <= lockedThrough();
    }

    public int answeredCount() {
        return answers.size();
    }

    /** Smallest checkpoint of the policy not yet used, or empty (also once the exam is finished). */
    public Optional<Integer> nextCheckpoint() {
        return !isTimed() || status.isFinished() ? Optional.empty() : pauses.nextUnused(pausePolicy);
    }

    /** A break could start now at some reached, unused checkpoint. */
    public boolean canPause(Instant now) {
        return isTimed() && !status.isFinished() && !isOverdue(now) && !pauses.isPaused(now)
                && pauses.anyReached(pausePolicy, answeredCount());
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
            throw Refusals.sectionLocked(lockedThrough());
        }
        if (choice != null && !question.optionKeys().contains(choice)) {
            throw Refusals.invalidChoice(question.questionId(), choice, question.optionKeys());
        }
        Map<Long, String> next = new TreeMap<>(answers);
        next.compute(question.questionId(), (id, old) -> choice); // a null choice removes the answer
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
        return copy(attemptId, answers, next, pauses, deadline, status, result, version);
    }

    /** Starts the break at {@code checkpoint}: freezes the clock, moves the deadline, locks 1..checkpoint. */
    public ExamSession startPause(int checkpoint, Instant now) {
        if (isPaused(now) && Objects.equals(pauses.activeCheckpoint(), checkpoint)) {
            return this;
        }
        requireChangeable(now);
        if (!isTimed()) {
            throw Refusals.noBreaksInPractice();
        }
        Pauses started = pauses.start(pausePolicy, checkpoint, answeredCount(), now);
        return copy(attemptId, answers, flags, started, deadline.plus(pausePolicy.length()), status, result, version);
    }

    /** Ends a running break early and gives back its unused time. */
    public ExamSession endPause(Instant now) {
        if (!isPaused(now)) {
            return this;
        }
        return copy(attemptId, answers, flags, pauses.ended(), deadline.minus(pauses.unusedAt(now)), status, result,
                version);
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
    void requireChangeable(Instant now) {
        requireNotFinished();
        requireTimeLeft(now);
        requireNotPaused(now);
    }

    /** Refuses when the caller expected another version (null: no expectation). */
    public void requireVersion(Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != version) {
            throw Refusals.versionMismatch(version, expectedVersion);
        }
    }

    // ---- copies --------------------------------------------------------------------------------

    public ExamSession withAttemptId(long id) {
        return copy(id, answers, flags, pauses, deadline, status, result, version);
    }

    public ExamSession withVersion(long newVersion) {
        return copy(attemptId, answers, flags, pauses, deadline, status, result, newVersion);
    }

    public ExamSession withAnswers(Map<Long, String> newAnswers) {
        return copy(attemptId, newAnswers, flags, pauses, deadline, status, result, version);
    }

    /**
     * The stored result of running {@code change} on this state, as every store applies it: this very
     * instance when nothing changed (a repeat), else the new state with {@code version + 1}. A change may
     * not alter the exam's identity (ids, user, type, mode).
     */
    public ExamSession changedBy(UnaryOperator<ExamSession> change) {
        ExamSession next = Objects.requireNonNull(change.apply(this), "change returned null");
        if (!next.sessionId.equals(sessionId) || next.attemptId != attemptId || next.userId != userId
                || !next.examType.equals(examType) || next.mode != mode) {
            throw new IllegalStateException("a change must not alter the identity of exam " + sessionId);
        }
        return next.sameStateAs(this) ? this : next.withVersion(version + 1);
    }

    /** The same exam state except for the version: used to tell a real change from a repeat. */
    public boolean sameStateAs(ExamSession other) {
        // every component but the version, without copying either session (ExamSessionTest checks the list is whole)
        return other != null && sessionId.equals(other.sessionId) && attemptId == other.attemptId
                && userId == other.userId && examType.equals(other.examType) && mode == other.mode
                && status == other.status && startedAt.equals(other.startedAt) && Objects.equals(deadline, other.deadline)
                && pauses.equals(other.pauses) && Objects.equals(pausePolicy, other.pausePolicy)
                && Objects.equals(result, other.result) && questionIds.equals(other.questionIds)
                && flags.equals(other.flags) && sameEntries(answers, other.answers);
    }

    // ---- internals -----------------------------------------------------------------------------

    /** Equal sorted maps, walked side by side (Map.equals looks every key up in the other map). */
    private static boolean sameEntries(Map<Long, String> a, Map<Long, String> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<Map.Entry<Long, String>> other = b.entrySet().iterator();
        for (Map.Entry<Long, String> entry : a.entrySet()) {
            Map.Entry<Long, String> theirs = other.next();
            if (!entry.getKey().equals(theirs.getKey()) || !entry.getValue().equals(theirs.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** This exam with its changeable parts replaced; what it is (ids, user, type, questions, policy) stays. */
    private ExamSession copy(long newAttemptId, Map<Long, String> newAnswers, Set<Long> newFlags, Pauses newPauses,
                             Instant newDeadline, ExamStatus newStatus, ExamResult newResult, long newVersion) {
        return new ExamSession(sessionId, newAttemptId, userId, examType, mode, questionIds, newAnswers, newFlags,
                pausePolicy, newPauses, startedAt, newDeadline, newStatus, newResult, newVersion);
    }

    private ExamSession finish(ExamStatus finalStatus, Map<Long, QuestionKey> keys, Instant now) {
        ExamResult score = Scoring.score(questionIds, answers, keys, now);
        return copy(attemptId, answers, flags, pauses.ended(), deadline, finalStatus, score, version);
    }

    private int requirePosition(long questionId) {
        return positionOf(questionId).orElseThrow(() -> Refusals.questionNotFound(questionId));
    }

    private void requireNotFinished() {
        if (status.isFinished()) {
            throw Refusals.finished(status);
        }
    }

    private void requireTimeLeft(Instant now) {
        if (isOverdue(now)) {
            throw Refusals.timeExpired(deadline);
        }
    }

    private void requireNotPaused(Instant now) {
        if (isPaused(now)) {
            throw Refusals.paused(pauses.pauseUntil());
        }
    }
}
