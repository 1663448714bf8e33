package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps an {@link ExamSession} to its rows ({@code attempts}, answers, domain scores) and back. */
final class AttemptMapper {
    private AttemptMapper() {
    }

    static AttemptJpaEntity toEntity(ExamSession s) {
        AttemptJpaEntity e = new AttemptJpaEntity();
        e.id = s.attemptId();
        e.sessionId = s.sessionId().value();
        e.userId = s.userId();
        e.examType = s.examType();
        e.mode = s.mode().name();
        e.status = s.status().name();
        e.questionIds = s.questionIds().toArray(Long[]::new);
        e.flags = s.flags().toArray(Long[]::new);
        e.startedAt = s.startedAt();
        e.deadline = s.deadline();
        if (s.pausePolicy() != null) {
            e.pauseCheckpoints = s.pausePolicy().checkpoints().toArray(Integer[]::new);
            e.pauseDurationMs = s.pausePolicy().durationMs();
        }
        e.pauseUntil = s.pauses().pauseUntil();
        e.activeCheckpoint = s.pauses().activeCheckpoint();
        e.consumedCheckpoints = s.pauses().consumed().toArray(Integer[]::new);
        e.version = s.version();
        ExamResult r = s.result();
        if (r != null) {
            e.finishedAt = r.finishedAt();
            e.correct = r.correct();
            e.total = r.total();
            e.scorePercent = r.scorePercent();
        }
        return e;
    }

    static List<AnswerJpaEntity> answers(long attemptId, Map<Long, String> answers) {
        List<AnswerJpaEntity> rows = new ArrayList<>(answers.size());
        answers.forEach((question, choice) -> rows.add(new AnswerJpaEntity(attemptId, question, choice)));
        return rows;
    }

    /*
     * An exam's answers are sorted by question id (ExamSession keeps them in a sorted map): the differences are found
     * in one walk over both, not by looking each question up in the other map.
     */

    /** The answers of {@code next} that are new or different from those of {@code current}. */
    static List<AnswerJpaEntity> changedAnswers(ExamSession current, ExamSession next) {
        List<AnswerJpaEntity> rows = new ArrayList<>();
        Iterator<Map.Entry<Long, String>> before = current.answers().entrySet().iterator();
        Map.Entry<Long, String> old = nextOrNull(before);
        for (Map.Entry<Long, String> answer : next.answers().entrySet()) {
            while (old != null && old.getKey() < answer.getKey()) {
                old = nextOrNull(before);
            }
            if (old == null || !old.getKey().equals(answer.getKey()) || !old.getValue().equals(answer.getValue())) {
                rows.add(new AnswerJpaEntity(next.attemptId(), answer.getKey(), answer.getValue()));
            }
        }
        return rows;
    }

    /** The questions answered in {@code current} but no longer in {@code next}. */
    static List<Long> clearedAnswers(ExamSession current, ExamSession next) {
        List<Long> cleared = new ArrayList<>();
        Iterator<Long> after = next.answers().keySet().iterator();
        Long kept = nextOrNull(after);
        for (Long question : current.answers().keySet()) {
            while (kept != null && kept < question) {
                kept = nextOrNull(after);
            }
            if (!question.equals(kept)) {
                cleared.add(question);
            }
        }
        return cleared;
    }

    private static <T> T nextOrNull(Iterator<T> iterator) {
        return iterator.hasNext() ? iterator.next() : null;
    }

    static List<DomainScoreJpaEntity> domainScores(ExamSession s) {
        List<DomainScoreJpaEntity> rows = new ArrayList<>();
        if (s.result() != null) {
            int position = 0;
            for (Map.Entry<String, DomainScore> d : s.result().byDomain().entrySet()) {
                rows.add(new DomainScoreJpaEntity(s.attemptId(), d.getKey(), position++,
                        d.getValue().correct(), d.getValue().total()));
            }
        }
        return rows;
    }

    static ExamSession toDomain(AttemptJpaEntity e, Collection<AnswerJpaEntity> answers,
                                Collection<DomainScoreJpaEntity> domainScores) {
        ExamMode mode = ExamMode.valueOf(e.mode);
        PausePolicy policy = e.pauseCheckpoints == null ? null
                : new PausePolicy(Arrays.asList(e.pauseCheckpoints), e.pauseDurationMs);
        Pauses pauses = new Pauses(e.pauseUntil, e.activeCheckpoint, Set.copyOf(Arrays.asList(e.consumedCheckpoints)));
        Map<Long, String> answerMap = new HashMap<>();
        for (AnswerJpaEntity a : answers) {
            answerMap.put(a.questionId, a.choice);
        }
        ExamResult result = null;
        if (e.finishedAt != null) {
            Map<String, DomainScore> byDomain = new LinkedHashMap<>();
            domainScores.stream().sorted(Comparator.comparingInt(d -> d.position))
                    .forEach(d -> byDomain.put(d.domain, new DomainScore(d.correct, d.total)));
            result = new ExamResult(e.correct, e.total, e.scorePercent, e.finishedAt, byDomain);
        }
        return new ExamSession(new SessionId(e.sessionId), e.id, e.userId, e.examType, mode,
                Arrays.asList(e.questionIds), answerMap, Set.copyOf(Arrays.asList(e.flags)), policy, pauses, e.startedAt, e.deadline,
                ExamStatus.valueOf(e.status), result, e.version);
    }
}
