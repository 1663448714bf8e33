package dev.examsessions.domain;

/** What the exam service reports as it works (metrics listen here); every method defaults to nothing. */
public interface ExamEvents {
    ExamEvents NONE = new ExamEvents() {
    };

    default void examStarted(ExamSession session) {
    }

    default void examFinished(ExamSession session) {
    }

    default void answerRecorded(ExamSession session) {
    }

    default void sessionRebuilt(ExamSession session) {
    }
}
