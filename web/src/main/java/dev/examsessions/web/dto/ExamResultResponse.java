package dev.examsessions.web.dto;

import dev.examsessions.domain.model.DomainScore;
import dev.examsessions.domain.model.ExamResult;
import dev.examsessions.domain.model.ExamSession;
import java.util.LinkedHashMap;
import java.util.Map;

/** The score of a finished exam ({@code submit}, history items, {@code result} of a finished ExamState). */
public record ExamResultResponse(String sessionId, long attemptId, String examType, String mode, String status,
                                 int correct, int total, double scorePercent, Long startedAt, Long finishedAt,
                                 Map<String, DomainScoreResponse> byDomain) {

    /** Correct answers out of the questions of one domain. */
    public record DomainScoreResponse(int correct, int total) {
        static DomainScoreResponse from(DomainScore score) {
            return new DomainScoreResponse(score.correct(), score.total());
        }
    }

    public static ExamResultResponse from(ExamSession session) {
        ExamResult result = session.result();
        Map<String, DomainScoreResponse> byDomain = new LinkedHashMap<>();
        if (result != null) {
            result.byDomain().forEach((domain, score) -> byDomain.put(domain, DomainScoreResponse.from(score)));
        }
        return new ExamResultResponse(session.sessionId().value(), session.attemptId(), session.examType(),
                session.mode().wireName(), session.status().name(),
                result == null ? 0 : result.correct(),
                result == null ? session.questionIds().size() : result.total(),
                result == null ? 0.0 : result.scorePercent(),
                Millis.of(session.startedAt()),
                result == null ? null : Millis.of(result.finishedAt()),
                byDomain);
    }
}
