package dev.examsessions.domain.service;

import dev.examsessions.domain.model.Question;

/** One question of a finished exam with the taker's choice, whether it was flagged, the correct key and the explanation. */
public record ReviewItem(int position, Question question, String choice, boolean correct, boolean flagged) {
}
