package dev.examsessions.web.dto;

import dev.examsessions.domain.model.PausePolicy;
import java.util.List;

/** The breaks of an exam type: checkpoints (answered-question counts) and each break's length; null without breaks. */
public record PausePolicyResponse(List<Integer> checkpoints, long durationMs) {
    public static PausePolicyResponse from(PausePolicy policy) {
        if (policy == null || policy.checkpoints().isEmpty()) {
            return null;
        }
        return new PausePolicyResponse(policy.checkpoints(), policy.durationMs());
    }
}
