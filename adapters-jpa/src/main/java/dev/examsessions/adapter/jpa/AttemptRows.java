package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.HistoryCursor;
import org.hibernate.StatelessSession;
import org.hibernate.query.SelectionQuery;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every statement on the attempt tables: queries for rows, inserts, and the sessions those rows hold. */
final class AttemptRows {
    /**
     * The attempt's row, locked, with its answers as two arrays in question order, and the version the statement's
     * snapshot saw: a row changed while this waited for its lock is returned as it is now, its answers as they were.
     */
    private static final String LOCK_ATTEMPT_WITH_ANSWERS = "select {a.*},"
            + " (select v.version from attempts v where v.id = a.id) as snapshot_version,"
            + " array(select w.question_id from attempt_answers w where w.attempt_id = a.id order by w.question_id)"
            + " as answer_questions,"
            + " array(select w.choice from attempt_answers w where w.attempt_id = a.id order by w.question_id)"
            + " as answer_choices"
            + " from attempts a where a.session_id = :sessionId for update of a";
    private static final String CLAIM_OVERDUE = "select * from attempts"
            + " where status = 'IN_PROGRESS' and deadline <= :now"
            + " order by deadline, id limit :limit for update skip locked";

    private AttemptRows() {
    }

    static long nextAttemptId(StatelessSession s) {
        return s.createNativeQuery("select nextval('attempts_id_seq')", Long.class).getSingleResult();
    }

    static void insert(StatelessSession s, ExamSession stored) {
        s.insert(AttemptMapper.toEntity(stored));
        if (!stored.answers().isEmpty()) {
            s.insertMultiple(AttemptMapper.answers(stored.attemptId(), stored.answers()));
        }
        if (stored.result() != null && !stored.result().byDomain().isEmpty()) {
            s.insertMultiple(AttemptMapper.domainScores(stored));
        }
    }

    /** Moves the id sequence to at least {@code attemptId}, so that it stays ahead of restored ids. */
    static void keepSequenceAhead(StatelessSession s, long attemptId) {
        s.createNativeQuery("select setval('attempts_id_seq',"
                        + " greatest(:id, (select last_value from attempts_id_seq)))", Long.class)
                .setParameter("id", attemptId).getSingleResult();
    }

    /** The session id of the open attempt of the same user, exam type and mode, if any. */
    static Optional<SessionId> openAttemptOf(StatelessSession s, ExamSession session) {
        return s.createSelectionQuery("select a.sessionId from AttemptJpaEntity a"
                        + " where a.userId = :user and a.examType = :type and a.mode = :mode"
                        + " and a.status = 'IN_PROGRESS'", String.class)
                .setParameter("user", session.userId())
                .setParameter("type", session.examType())
                .setParameter("mode", session.mode().name())
                .uniqueResultOptional()
                .map(SessionId::new);
    }

    static AttemptJpaEntity findRow(StatelessSession s, SessionId id) {
        return s.createSelectionQuery("from AttemptJpaEntity a where a.sessionId = :sessionId", AttemptJpaEntity.class)
                .setParameter("sessionId", id.value())
                .uniqueResult();
    }

    /**
     * The attempt, its row locked until the transaction ends, read in one round trip with its answers; null when
     * there is none. Reads its answers again (and a finished attempt's domain scores) only when they may be older
     * than the locked row.
     */
    static ExamSession lockAndLoad(StatelessSession s, SessionId id) {
        List<?> rows = s.createNativeQuery(LOCK_ATTEMPT_WITH_ANSWERS)
                .addEntity("a", AttemptJpaEntity.class)
                .addScalar("snapshot_version", Long.class)
                .addScalar("answer_questions", Long[].class)
                .addScalar("answer_choices", String[].class)
                .setParameter("sessionId", id.value())
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] columns = (Object[]) rows.get(0);
        AttemptJpaEntity row = (AttemptJpaEntity) columns[0];
        if (!Long.valueOf(row.version).equals(columns[1]) || row.finishedAt != null) {
            // committed while this statement waited for the lock: its answers are not in this statement's snapshot
            return load(s, List.of(row)).get(0);
        }
        Long[] questions = (Long[]) columns[2];
        String[] choices = (String[]) columns[3];
        List<AnswerJpaEntity> answers = new ArrayList<>(questions.length);
        for (int i = 0; i < questions.length; i++) {
            answers.add(new AnswerJpaEntity(row.id, questions[i], choices[i]));
        }
        return AttemptMapper.toDomain(row, answers, List.of());
    }

    /** Up to {@code limit} open attempts past their deadline, oldest first, locked; rows others hold are skipped. */
    static List<AttemptJpaEntity> lockOverdueRows(StatelessSession s, Instant now, int limit) {
        return s.createNativeQuery(CLAIM_OVERDUE, AttemptJpaEntity.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** The user's open attempts, newest first. */
    static List<AttemptJpaEntity> openRows(StatelessSession s, long userId) {
        return s.createSelectionQuery(
                        "from AttemptJpaEntity a where a.userId = :user and a.status = 'IN_PROGRESS'"
                                + " order by a.startedAt desc, a.id desc", AttemptJpaEntity.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /** Up to {@code maxResults} of the user's finished attempts after {@code after} (null: from the newest). */
    static List<AttemptJpaEntity> historyRows(StatelessSession s, long userId, HistoryCursor after, int maxResults) {
        // keyset on (finished_at, id), both descending: served by attempts_history_idx (V1)
        SelectionQuery<AttemptJpaEntity> query = s.createSelectionQuery(
                "from AttemptJpaEntity a where a.userId = :user and a.finishedAt is not null"
                        + " and a.status <> 'IN_PROGRESS'"
                        + (after == null ? "" : " and (a.finishedAt, a.id) < (:finishedAt, :attemptId)")
                        + " order by a.finishedAt desc, a.id desc", AttemptJpaEntity.class);
        query.setParameter("user", userId);
        if (after != null) {
            query.setParameter("finishedAt", after.finishedAt());
            query.setParameter("attemptId", after.attemptId());
        }
        return query.setMaxResults(maxResults).getResultList();
    }

    /** The sessions of the given rows, in their order: answers in one query, domain scores in one more. */
    static List<ExamSession> load(StatelessSession s, List<AttemptJpaEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(r -> r.id).toList();
        Map<Long, List<AnswerJpaEntity>> answers = new HashMap<>();
        (ids.size() == 1
                ? s.createSelectionQuery("from AnswerJpaEntity a where a.attemptId = :id", AnswerJpaEntity.class)
                        .setParameter("id", ids.get(0))
                : s.createSelectionQuery("from AnswerJpaEntity a where a.attemptId in :ids", AnswerJpaEntity.class)
                        .setParameterList("ids", ids))
                .getResultList()
                .forEach(a -> answers.computeIfAbsent(a.attemptId, k -> new ArrayList<>()).add(a));
        List<Long> finishedIds = rows.stream().filter(r -> r.finishedAt != null).map(r -> r.id).toList();
        Map<Long, List<DomainScoreJpaEntity>> scores = new HashMap<>();
        if (!finishedIds.isEmpty()) {
            s.createSelectionQuery("from DomainScoreJpaEntity d where d.attemptId in :ids", DomainScoreJpaEntity.class)
                    .setParameterList("ids", finishedIds)
                    .getResultList()
                    .forEach(d -> scores.computeIfAbsent(d.attemptId, k -> new ArrayList<>()).add(d));
        }
        List<ExamSession> sessions = new ArrayList<>(rows.size());
        for (AttemptJpaEntity row : rows) {
            sessions.add(AttemptMapper.toDomain(row, answers.getOrDefault(row.id, List.of()),
                    scores.getOrDefault(row.id, List.of())));
        }
        return sessions;
    }

    /**
     * Writes only what differs, as {@link AttemptChange} (one statement but for a replaced result), on an attempt
     * whose row lock this transaction holds.
     */
    static void write(StatelessSession s, ExamSession current, ExamSession next) {
        AttemptChange change = AttemptChange.between(current, next);
        if (!s.doReturningWork(c -> change.apply(s, c, current.attemptId()))) {
            throw new IllegalStateException("attempt " + current.sessionId() + " moved past version "
                    + current.version() + " under its row lock");
        }
    }

    /** Locks the attempt's row if it is still at {@code before}'s version; false when it is not (or is missing). */
    static boolean lockVersion(StatelessSession s, ExamSession before) {
        return !s.createNativeQuery("select id from attempts where session_id = :sessionId and version = :version"
                        + " for update", Long.class)
                .setParameter("sessionId", before.sessionId().value())
                .setParameter("version", before.version())
                .getResultList().isEmpty();
    }

    /** {@code sql} as the configured statement inspector sees it (tests count statements with it). */
    static String inspected(StatelessSession s, String sql) {
        StatementInspector inspector = s.getFactory().getSessionFactoryOptions().getStatementInspector();
        String inspected = inspector == null ? sql : inspector.inspect(sql);
        return inspected == null ? sql : inspected;
    }
}
