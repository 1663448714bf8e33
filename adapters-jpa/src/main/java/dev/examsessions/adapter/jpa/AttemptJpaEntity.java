package dev.examsessions.adapter.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of {@code attempts}: an exam's state except its answers and per-domain scores. */
@Entity
@Table(name = "attempts")
class AttemptJpaEntity {
    @Id
    @Column(name = "id")
    Long id;

    @Column(name = "session_id", nullable = false)
    String sessionId;

    @Column(name = "user_id", nullable = false)
    long userId;

    @Column(name = "exam_type", nullable = false)
    String examType;

    @Column(name = "mode", nullable = false)
    String mode;

    @Column(name = "status", nullable = false)
    String status;

    @Column(name = "question_ids", nullable = false)
    Long[] questionIds;

    @Column(name = "flags", nullable = false)
    Long[] flags;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    @Column(name = "deadline")
    Instant deadline;

    @Column(name = "pause_checkpoints")
    Integer[] pauseCheckpoints;

    @Column(name = "pause_duration_ms")
    Long pauseDurationMs;

    @Column(name = "pause_until")
    Instant pauseUntil;

    @Column(name = "active_checkpoint")
    Integer activeCheckpoint;

    @Column(name = "consumed_checkpoints", nullable = false)
    Integer[] consumedCheckpoints;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "correct")
    Integer correct;

    @Column(name = "total")
    Integer total;

    @Column(name = "score_percent")
    Double scorePercent;

    AttemptJpaEntity() {
    }
}
