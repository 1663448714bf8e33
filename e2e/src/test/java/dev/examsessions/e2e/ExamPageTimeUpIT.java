package dev.examsessions.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Time-up on the exam page: a one-minute catalog entry (the shortest a catalog allows), one answer, then the
 * countdown reaches zero and the page submits by itself; the result says the time ran out and counts the answer.
 */
class ExamPageTimeUpIT {

    @Test
    void whenTheCountdownEndsThePageSubmitsAndShowsTheResult() throws IOException {
        Path catalog = E2e.workDir().resolve("one-minute-catalog.json");
        Files.writeString(catalog, "{\"examTypes\":[{\"examType\":\"pmp-quick\",\"title\":\"One-minute exam\","
                + "\"questionCount\":3,\"durationMinutes\":1}]}");
        User user = User.random();
        try (AppProcess app = AppProcess.start("page-time-up", E2e.env("EXAM_CATALOG_FILE", catalog.toString()));
             PageUi page = PageUi.on(app)) {
            Api api = Api.of(app);
            page.signInWithCookie(user.token());
            String sid = page.start("pmp-quick", "exam");
            page.choose("B");
            page.waitSaved();
            page.wait.until(d -> page.timerSeconds() >= 0 && page.timerSeconds() <= 60);

            new WebDriverWait(page.driver, Duration.ofSeconds(90)).until(d -> page.visible("screen-result"));
            assertTrue(page.text("result-status").startsWith("Time ran out"), page.text("result-status"));

            JsonNode state = api.state(user, sid).json();
            assertEquals("TIMED_OUT", state.path("status").asText());
            List<Long> ids = E2e.questionIds(state);
            assertEquals(Map.of(ids.get(0), "B"), E2e.answers(state));
            assertEquals(state.path("result").path("correct").asInt() + " of 3 correct", page.text("result-count"));
        }
    }
}
