package dev.examsessions.domain;

/** One question of a finished exam with the taker's choice, the correct key and the explanation. */
public record ReviewItem(int position, Question question, String choice, boolean correct) {
}
