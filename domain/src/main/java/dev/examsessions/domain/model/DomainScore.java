package dev.examsessions.domain.model;

/** Correct answers out of the questions of one domain/topic. */
public record DomainScore(int correct, int total) {
}
