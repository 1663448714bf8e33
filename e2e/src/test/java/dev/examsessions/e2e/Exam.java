package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.web.ApiClient;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An exam of one user (mode {@code exam}) and the answers it got acknowledged. */
final class Exam {
    private static final String CHOICES = "ABCD";

    final User user;
    final String sid;
    final List<Long> q;
    final Map<Long, String> acked = new TreeMap<>();

    private Exam(User user, JsonNode state) {
        this.user = user;
        this.sid = state.path("sessionId").asText();
        this.q = E2e.questionIds(state);
    }

    static Exam start(Api api, User user, String type) {
        return new Exam(user, api.start(user, type, "exam"));
    }

    /** Answers {@code count} questions from position {@code from} (0-based) with {@code "ABCD"[i % 4]}. */
    void answer(Api api, int from, int count) {
        for (int i = from; i < from + count; i++) {
            answerAt(api, i, String.valueOf(CHOICES.charAt(i % CHOICES.length())));
        }
    }

    /** Answers {@code count} questions from position {@code from} (0-based), each with {@code choice}. */
    void answer(Api api, int from, int count, String choice) {
        for (int i = from; i < from + count; i++) {
            answerAt(api, i, choice);
        }
    }

    /** Answers the question at {@code position}; it must be 200. */
    private void answerAt(Api api, int position, String choice) {
        ApiClient.Response r = api.answer(user, sid, q.get(position), choice);
        assertEquals(200, r.status(), r::toString);
        acked.put(q.get(position), choice);
    }
}
