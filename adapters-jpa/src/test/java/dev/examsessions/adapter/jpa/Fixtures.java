package dev.examsessions.adapter.jpa;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.QuestionKey;
import dev.examsessions.domain.model.SessionId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

/** Exams, keys and direct SQL look-ups shared by the adapter's own tests. */
final class Fixtures {
    /** A millisecond instant with a non-zero millisecond part, far from now. */
    static final Instant T0 = Instant.parse("2031-03-04T05:06:07.891Z");

    private Fixtures() {
    }

    static long randomUserId() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
    }

    static List<Long> questions(int count) {
        return LongStream.rangeClosed(1, count).boxed().toList();
    }

    static ExamType examType(String id, int questions, int minutes, PausePolicy policy) {
        return new ExamType(id, "Test " + id, questions, minutes, policy);
    }

    static ExamSession exam(long user, ExamType type, ExamMode mode, List<Long> questionIds, Instant startedAt) {
        return ExamSession.start(SessionId.newId(), user, type, mode, questionIds, startedAt);
    }

    static QuestionKey key(long questionId, String domain) {
        return new QuestionKey(questionId, List.of("A", "B", "C", "D"), "B", domain);
    }

    /** One long value from a direct query with one bind parameter. */
    static long queryLong(Connection c, String sql, Object parameter) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + sql + " with " + parameter);
                }
                return rs.getLong(1);
            }
        }
    }
}
