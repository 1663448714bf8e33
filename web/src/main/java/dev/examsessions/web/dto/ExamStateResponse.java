package dev.examsessions.web.dto;

import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.service.ExamView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole state of one exam as its owner sees it (API.md {@code ExamState}). */
public record ExamStateResponse(
        String sessionId,
        long attemptId,
        long userId,
        String examType,
        String mode,
        String status,
        List<Long> questionIds,
        int questionCount,
        Map<String, String> answers,
        int answeredCount,
        List<Long> flagged,
        PausePolicyResponse pausePolicy,
        PausesResponse pauses,
        Integer nextCheckpoint,
        boolean canPause,
        int lockedThrough,
        long startedAt,
        Long deadline,
        Long remainingMs,
        Long expiresAt,
        long version,
        boolean recovered,
        boolean resumed,
        ExamResultResponse result,
        long serverTime) {

    /** Break state: whether a break runs now, until when, and which checkpoints were used (as in PauseStatus). */
    public record PausesResponse(boolean paused, Long pauseUntil, List<Integer> consumed) {
        static PausesResponse from(ExamSession s, Instant now) {
            List<Integer> consumed = s.isTimed() ? List.copyOf(s.pauses().consumed()) : List.of();
            return new PausesResponse(s.isPaused(now), s.pauseUntil(now).map(Instant::toEpochMilli).orElse(null),
                    consumed);
        }
    }

    public static ExamStateResponse from(ExamView view, Instant now) {
        ExamSession s = view.session();
        Map<String, String> answers = new LinkedHashMap<>();
        List<Long> flagged = new ArrayList<>();
        for (Long id : s.questionIds()) {
            String choice = s.answers().get(id);
            if (choice != null) {
                answers.put(Long.toString(id), choice);
            }
            if (s.flags().contains(id)) {
                flagged.add(id);
            }
        }
        return new ExamStateResponse(
                s.sessionId().value(),
                s.attemptId(),
                s.userId(),
                s.examType(),
                s.mode().wireName(),
                s.status().name(),
                s.questionIds(),
                s.questionIds().size(),
                answers,
                s.answeredCount(),
                flagged,
                PausePolicyResponse.from(s.isTimed() ? s.pausePolicy() : null),
                PausesResponse.from(s, now),
                s.nextCheckpoint().orElse(null),
                s.canPause(now),
                s.lockedThrough(),
                s.startedAt().toEpochMilli(),
                Millis.of(s.deadline()),
                Millis.of(s.remaining(now)),
                s.status().isFinished() ? null : Millis.of(view.expiresAt()),
                s.version(),
                view.recovered(),
                view.resumed(),
                s.status().isFinished() ? ExamResultResponse.from(s) : null,
                now.toEpochMilli());
    }
}
