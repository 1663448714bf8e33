package dev.examsessions.domain.model;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The refusals the exam rules raise, each with its code, the message a student reads and its details. */
final class Refusals {
    private Refusals() {
    }

    static ExamException questionNotFound(long questionId) {
        return new ExamException(ErrorCode.QUESTION_NOT_FOUND, "Question " + questionId + " is not part of this exam.");
    }

    static ExamException finished(ExamStatus status) {
        return new ExamException(ErrorCode.EXAM_FINISHED, "The exam is finished (" + status + ").",
                Map.of("examStatus", status.name()));
    }

    static ExamException timeExpired(Instant deadline) {
        return new ExamException(ErrorCode.TIME_EXPIRED, "The exam's time ran out at " + deadline.toEpochMilli() + ".",
                Map.of("deadline", deadline.toEpochMilli()));
    }

    static ExamException paused(Instant pauseUntil) {
        long until = pauseUntil.toEpochMilli();
        return new ExamException(ErrorCode.EXAM_PAUSED, "The exam is paused until " + until + ".",
                Map.of("pauseUntil", until));
    }

    static ExamException sectionLocked(int lockedThrough) {
        return new ExamException(ErrorCode.SECTION_LOCKED,
                "Questions 1.." + lockedThrough + " are locked since the break at that checkpoint started.",
                Map.of("lockedThrough", lockedThrough));
    }

    static ExamException invalidChoice(long questionId, String choice, List<String> options) {
        return new ExamException(ErrorCode.INVALID_CHOICE, "Choice '" + choice + "' is not an option of question "
                + questionId + "; options are " + options + ".", Map.of("options", options));
    }

    static ExamException versionMismatch(long version, long expected) {
        return new ExamException(ErrorCode.VERSION_MISMATCH, "The exam is at version " + version + ", not " + expected
                + ": it changed since you read it; read it again.", Map.of("version", version));
    }

    static ExamException noBreaksInPractice() {
        return new ExamException(ErrorCode.INVALID_CHECKPOINT, "Practice mode has no breaks.");
    }

    static ExamException notACheckpoint(int checkpoint, List<Integer> checkpoints) {
        return new ExamException(ErrorCode.INVALID_CHECKPOINT, "Checkpoint " + checkpoint
                + " is not a break of this exam; breaks are at " + checkpoints + ".");
    }

    static ExamException checkpointConsumed(int checkpoint) {
        return new ExamException(ErrorCode.CHECKPOINT_CONSUMED, "The break at " + checkpoint + " was already taken.");
    }

    static ExamException checkpointNotReached(int checkpoint, int answered) {
        return new ExamException(ErrorCode.CHECKPOINT_NOT_REACHED, "Answer at least " + checkpoint
                + " questions before this break (answered: " + answered + ").", Map.of("answeredCount", answered));
    }
}
