package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamSession;
import org.hibernate.StatelessSession;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The difference between two states of one attempt as one versioned SQL statement: the {@code attempts} columns that
 * changed and the new version, guarded by the old version, with the changed answers, the cleared answers and a new
 * result's domain scores written in the same statement only when the guard matched.
 */
final class AttemptChange {
    /** The columns of {@code attempts} a change can touch (the identity columns never change). */
    private static final List<Column> COLUMNS = List.of(
            new Column("status", Types.VARCHAR, ExamSession::status, s -> s.status().name()),
            new Column("question_ids", Types.ARRAY, ExamSession::questionIds, s -> s.questionIds().toArray(Long[]::new)),
            new Column("flags", Types.ARRAY, ExamSession::flags, s -> s.flags().toArray(Long[]::new)),
            new Column("started_at", Types.TIMESTAMP_WITH_TIMEZONE, ExamSession::startedAt, ExamSession::startedAt),
            new Column("deadline", Types.TIMESTAMP_WITH_TIMEZONE, ExamSession::deadline, ExamSession::deadline),
            new Column("pause_checkpoints", Types.ARRAY, ExamSession::pausePolicy,
                    s -> s.pausePolicy() == null ? null : s.pausePolicy().checkpoints().toArray(Integer[]::new)),
            new Column("pause_duration_ms", Types.BIGINT, ExamSession::pausePolicy,
                    s -> s.pausePolicy() == null ? null : s.pausePolicy().durationMs()),
            new Column("pause_until", Types.TIMESTAMP_WITH_TIMEZONE, ExamSession::pauses, s -> s.pauses().pauseUntil()),
            new Column("active_checkpoint", Types.INTEGER, ExamSession::pauses, s -> s.pauses().activeCheckpoint()),
            new Column("consumed_checkpoints", Types.ARRAY, ExamSession::pauses,
                    s -> s.pauses().consumed().toArray(Integer[]::new)),
            new Column("finished_at", Types.TIMESTAMP_WITH_TIMEZONE, ExamSession::result,
                    s -> s.result() == null ? null : s.result().finishedAt()),
            new Column("correct", Types.INTEGER, ExamSession::result, s -> s.result() == null ? null : s.result().correct()),
            new Column("total", Types.INTEGER, ExamSession::result, s -> s.result() == null ? null : s.result().total()),
            new Column("score_percent", Types.DOUBLE, ExamSession::result,
                    s -> s.result() == null ? null : s.result().scorePercent()));

    private final String sql;
    private final List<Parameter> parameters;
    private final boolean replacesDomainScores;

    private AttemptChange(String sql, List<Parameter> parameters, boolean replacesDomainScores) {
        this.sql = sql;
        this.parameters = parameters;
        this.replacesDomainScores = replacesDomainScores;
    }

    /** The statement writing {@code next} over {@code current}; {@code next} has a different state. */
    static AttemptChange between(ExamSession current, ExamSession next) {
        List<Parameter> parameters = new ArrayList<>();
        StringBuilder set = new StringBuilder("version = ?");
        parameters.add(new Parameter(Types.BIGINT, next.version()));
        for (Column column : COLUMNS) {
            if (!Objects.equals(column.state.apply(current), column.state.apply(next))) {
                set.append(", ").append(column.name).append(" = ?");
                parameters.add(new Parameter(column.sqlType, column.value.apply(next)));
            }
        }
        StringBuilder sql = new StringBuilder("with a as (update attempts set ").append(set)
                .append(" where session_id = ? and version = ? returning id)");
        parameters.add(new Parameter(Types.VARCHAR, current.sessionId().value()));
        parameters.add(new Parameter(Types.BIGINT, current.version()));

        List<AnswerJpaEntity> changed = AttemptMapper.changedAnswers(current, next);
        if (!changed.isEmpty()) {
            sql.append(", upserted as (insert into attempt_answers (attempt_id, question_id, choice)"
                    + " select a.id, c.question_id, c.choice from a, unnest(?::bigint[], ?::text[]) as c(question_id, choice)"
                    + " on conflict (attempt_id, question_id) do update set choice = excluded.choice)");
            parameters.add(new Parameter(Types.ARRAY, changed.stream().map(r -> r.questionId).toArray(Long[]::new)));
            parameters.add(new Parameter(Types.ARRAY, changed.stream().map(r -> r.choice).toArray(String[]::new)));
        }
        List<Long> cleared = AttemptMapper.clearedAnswers(current, next);
        if (!cleared.isEmpty()) {
            sql.append(", cleared as (delete from attempt_answers where attempt_id in (select id from a)"
                    + " and question_id = any(?::bigint[]))");
            parameters.add(new Parameter(Types.ARRAY, cleared.toArray(Long[]::new)));
        }
        boolean resultChanged = !Objects.equals(current.result(), next.result());
        List<DomainScoreJpaEntity> scores = resultChanged ? AttemptMapper.domainScores(next) : List.of();
        if (!scores.isEmpty()) {
            sql.append(", scored as (insert into attempt_domain_scores (attempt_id, domain, position, correct, total)"
                    + " select a.id, d.domain, d.position, d.correct, d.total from a,"
                    + " unnest(?::text[], ?::integer[], ?::integer[], ?::integer[]) as d(domain, position, correct, total))");
            parameters.add(new Parameter(Types.ARRAY, scores.stream().map(d -> d.domain).toArray(String[]::new)));
            parameters.add(new Parameter(Types.ARRAY, scores.stream().map(d -> d.position).toArray(Integer[]::new)));
            parameters.add(new Parameter(Types.ARRAY, scores.stream().map(d -> d.correct).toArray(Integer[]::new)));
            parameters.add(new Parameter(Types.ARRAY, scores.stream().map(d -> d.total).toArray(Integer[]::new)));
        }
        sql.append(" select count(*) from a");
        boolean replacesScores = resultChanged && current.result() != null && !current.result().byDomain().isEmpty();
        return new AttemptChange(sql.toString(), parameters, replacesScores);
    }

    /**
     * Whether the change is this one statement. Otherwise it also deletes the old domain scores first (a result
     * replaced by another: never made by the exam's own rules), which needs the attempt locked in a transaction.
     */
    boolean isOneStatement() {
        return !replacesDomainScores;
    }

    /**
     * Writes the change on {@code connection} (autocommit or the caller's transaction, which then holds the attempt's
     * row lock when this is not one statement). Returns whether the stored attempt still had the old version.
     */
    boolean apply(StatelessSession session, Connection connection, long attemptId) throws SQLException {
        if (replacesDomainScores) {
            String delete = "delete from attempt_domain_scores where attempt_id = ?";
            try (PreparedStatement statement = connection.prepareStatement(AttemptRows.inspected(session, delete))) {
                statement.setLong(1, attemptId);
                statement.executeUpdate();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(AttemptRows.inspected(session, sql))) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).bind(connection, statement, i + 1);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }

    @Override
    public String toString() {
        return sql;
    }

    /** A column of {@code attempts}: which part of the state it holds, and its value in a state. */
    private record Column(String name, int sqlType, Function<ExamSession, Object> state,
                          Function<ExamSession, Object> value) {
    }

    /** One bound value of the statement. */
    private record Parameter(int sqlType, Object value) {
        void bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
            if (value == null) {
                statement.setNull(index, sqlType);
            } else if (value instanceof Object[] array) {
                String elementType = array instanceof Long[] ? "bigint" : array instanceof Integer[] ? "integer" : "text";
                statement.setArray(index, connection.createArrayOf(elementType, array));
            } else if (value instanceof Instant instant) {
                statement.setObject(index, instant.atOffset(ZoneOffset.UTC), sqlType);
            } else {
                statement.setObject(index, value, sqlType);
            }
        }
    }
}
