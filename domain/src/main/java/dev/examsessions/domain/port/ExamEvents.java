package dev.examsessions.domain.port;

import dev.examsessions.domain.model.ExamSession;

/** What the exam service and the session store report as they work (metrics listen here); every method defaults to nothing. */
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

    /** A new exam was refused by the start rate limit. */
    default void examStartRefused() {
    }

    /** The session store moved to {@code state} (primary back, fallback, or refusing). */
    default void sessionStoreStateChanged(SessionStoreState state) {
    }

    /** A call to the primary session store failed (the call then went to the fallback). */
    default void sessionStoreError() {
    }

    /** After an outage, {@code count} primary copies changed meanwhile were dropped (to be rebuilt). */
    default void staleCopiesDropped(int count) {
    }

    /** One run of the overdue sweep ended: {@code finalized} exams timed out, or it failed ({@code ok == false}). */
    default void sweepRan(boolean ok, int finalized) {
    }
}
