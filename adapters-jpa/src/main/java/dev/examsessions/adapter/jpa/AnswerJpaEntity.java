package dev.examsessions.adapter.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One row of {@code attempt_answers}: the chosen option of one question of one attempt. */
@Entity
@Table(name = "attempt_answers")
@IdClass(AnswerJpaEntity.Key.class)
class AnswerJpaEntity {
    @Id
    @Column(name = "attempt_id")
    long attemptId;

    @Id
    @Column(name = "question_id")
    long questionId;

    @Column(name = "choice", nullable = false)
    String choice;

    AnswerJpaEntity() {
    }

    AnswerJpaEntity(long attemptId, long questionId, String choice) {
        this.attemptId = attemptId;
        this.questionId = questionId;
        this.choice = choice;
    }

    /** Primary key: (attempt_id, question_id). */
    static final class Key implements Serializable {
        long attemptId;
        long questionId;

        Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.attemptId == attemptId && k.questionId == questionId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(attemptId, questionId);
        }
    }
}
