package dev.examsessions.domain.model;

/** Where an attempt is in its life; every status but IN_PROGRESS is final. */
public enum ExamStatus {
    IN_PROGRESS, SUBMITTED, TIMED_OUT, ABANDONED;

    public boolean isFinished() {
        return this != IN_PROGRESS;
    }
}
