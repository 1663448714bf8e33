package dev.examsessions.adapter.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One row of {@code attempt_domain_scores}: a finished attempt's score in one domain. */
@Entity
@Table(name = "attempt_domain_scores")
@IdClass(DomainScoreJpaEntity.Key.class)
class DomainScoreJpaEntity {
    @Id
    @Column(name = "attempt_id")
    long attemptId;

    @Id
    @Column(name = "domain")
    String domain;

    @Column(name = "position", nullable = false)
    int position;

    @Column(name = "correct", nullable = false)
    int correct;

    @Column(name = "total", nullable = false)
    int total;

    DomainScoreJpaEntity() {
    }

    DomainScoreJpaEntity(long attemptId, String domain, int position, int correct, int total) {
        this.attemptId = attemptId;
        this.domain = domain;
        this.position = position;
        this.correct = correct;
        this.total = total;
    }

    /** Primary key: (attempt_id, domain). */
    static final class Key implements Serializable {
        long attemptId;
        String domain;

        Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.attemptId == attemptId && Objects.equals(k.domain, domain);
        }

        @Override
        public int hashCode() {
            return Objects.hash(attemptId, domain);
        }
    }
}
