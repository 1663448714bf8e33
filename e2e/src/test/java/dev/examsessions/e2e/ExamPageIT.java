package dev.examsessions.e2e;

import dev.examsessions.web.ApiClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * The exam page in a real browser against the real jar in its embedded default (dev auth mode): a whole
 * {@code pmp-quick} exam from sign-in to review, a reload mid-exam, a break started in another tab, keyboard-only
 * answering, and practice mode. Each scenario checks what the page shows and what the API then holds.
 */
class ExamPageIT {
    private static AppProcess app;
    private static Api api;

    @BeforeAll
    static void startApp() {
        // The embedded default without AUTH_SECRET: dev auth mode, the only one with POST /dev/sign-in.
        app = AppProcess.start("page-dev", Map.of("PORT", "0", "SHUTDOWN_DRAIN", "1s", "EXAM_START_RATE_LIMIT", "1000/m"));
        api = Api.of(app);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** A new user id, and its API identity from the same dev sign-in the page uses. */
    private static User newUser() {
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000L);
        ApiClient.Response r = api.send(api.req(null, "/dev/sign-in").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"userId\":" + id + "}")));
        assertEquals(200, r.status(), r::toString);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new User(id, cookie.substring("sessionToken=".length(), cookie.indexOf(';')));
    }

    private static JsonNode state(User user, String sid) {
        ApiClient.Response r = api.state(user, sid);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** A percentage as JavaScript prints it: 60 → "60%", 83.3 → "83.3%". */
    private static String percent(double value) {
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%";
    }

    @Test
    void aWholeExamFromSignInToReview() {
        User user = newUser();
        try (PageUi page = new PageUi("http://127.0.0.1:" + app.port())) {
            page.open();
            page.screenshot("01-sign-in");
            page.signIn(user.id());
            assertTrue(page.text("types").contains("10 questions · 15 minutes · a 2-minute break after question 5"),
                    page.text("types"));
            page.screenshot("02-start");
            String sid = page.start("pmp-quick", "exam");
            List<Long> ids = E2e.questionIds(state(user, sid));
            assertEquals(10, ids.size());

            // the countdown is the server's: within a few seconds of remainingMs
            long remaining = state(user, sid).path("remainingMs").asLong() / 1000;
            page.wait.until(d -> Math.abs(page.timerSeconds() - remaining) <= 3);

            // questions 1-5, then the break offer
            String[] choices = {"A", "B", "C", "D", "A", "B", "C", "D", "A"};
            Map<Long, String> expected = new LinkedHashMap<>();
            for (int p = 1; p <= 5; p++) {
                page.choose(choices[p - 1]);
                expected.put(ids.get(p - 1), choices[p - 1]);
                if (p < 5) {
                    page.next();
                }
            }
            page.waitSaved();
            page.screen("break-offer");
            assertTrue(page.text("break-offer-text").contains("break after question 5"), page.text("break-offer-text"));
            assertTrue(page.navState(3).contains("answered"));
            page.screenshot("03-question-with-break-offer");
            assertEquals(expected, E2e.answers(state(user, sid)), "answers the page showed as saved");

            // the break: started, its countdown, the lock, ended early
            page.clickId("btn-offer-start");
            page.screen("screen-break");
            assertTrue(page.text("break-lock").contains("Questions 1–5 are locked"), page.text("break-lock"));
            page.wait.until(d -> page.text("break-countdown").matches("[12]:[0-5][0-9]"));
            page.screenshot("04-break");
            JsonNode paused = state(user, sid);
            assertTrue(paused.path("pauses").path("paused").asBoolean(), paused::toString);
            assertEquals(5, paused.path("lockedThrough").asInt());
            page.clickId("btn-end-break");
            page.screen("screen-exam");
            assertFalse(state(user, sid).path("pauses").path("paused").asBoolean(), "the break ended early");
            assertTrue(page.visible("lock-note"));
            assertTrue(page.optionsDisabled(), "question 5 is locked after the break");
            for (int p = 1; p <= 5; p++) {
                assertTrue(page.navState(p).contains("locked"), "navigator " + p + ": " + page.navState(p));
            }

            // question 6 flagged, 6-9 answered, 10 left open
            page.next();
            page.flag();
            for (int p = 6; p <= 9; p++) {
                page.choose(choices[p - 1]);
                expected.put(ids.get(p - 1), choices[p - 1]);
                if (p < 9) {
                    page.next();
                }
            }
            page.waitSaved();
            assertTrue(page.navState(6).contains("flagged"), page.navState(6));

            // submit: the summary names the unanswered and the flagged questions
            page.clickId("btn-submit");
            page.screen("submit-dialog");
            assertEquals("You answered 9 of 10 questions.", page.text("submit-summary"));
            assertTrue(page.text("submit-unanswered").contains("Unanswered (1): 10"), page.text("submit-unanswered"));
            assertTrue(page.text("submit-flagged").contains("Flagged for review (1): 6"), page.text("submit-flagged"));
            page.screenshot("05-submit");
            page.clickId("btn-submit-confirm");
            page.screen("screen-result");

            JsonNode done = state(user, sid);
            assertEquals("SUBMITTED", done.path("status").asText());
            assertEquals(expected, E2e.answers(done));
            List<Long> flagged = new java.util.ArrayList<>();
            done.path("flagged").forEach(n -> flagged.add(n.asLong()));
            assertEquals(List.of(ids.get(5)), flagged, "only question 6 is flagged");
            assertTrue(done.path("pauses").path("consumed").toString().contains("5"), done.path("pauses").toString());
            JsonNode result = done.path("result");
            assertEquals(result.path("correct").asInt() + " of 10 correct", page.text("result-count"));
            String percent = percent(result.path("scorePercent").asDouble());
            assertEquals(percent, page.text("result-score"));
            int domains = result.path("byDomain").size();
            assertTrue(domains > 0);
            assertEquals(domains, page.driver.findElements(By.cssSelector("#result-domains tbody tr")).size());
            page.screenshot("06-result");

            // review: every question with the correct answer and the explanation
            page.clickId("btn-review");
            page.screen("screen-review");
            page.wait.until(d -> d.findElements(By.cssSelector("#review-list > li")).size() == 10);
            JsonNode review = api.get(user, "/api/exams/" + sid + "/review").json();
            String first = page.driver.findElement(By.cssSelector("#review-list > li[data-position='1']")).getText();
            assertTrue(first.contains(review.get(0).path("explanation").asText()), first);
            assertTrue(first.contains("correct answer"), first);
            String tenth = page.driver.findElement(By.cssSelector("#review-list > li[data-position='10']")).getText();
            assertTrue(tenth.contains("Not answered."), tenth);
            page.screenshot("07-review");

            // the history on the start screen shows the score
            page.clickId("review-back");
            page.screen("screen-result");
            page.click(By.cssSelector("#screen-result a[href='#/']"));
            page.screen("screen-home");
            page.wait.until(d -> page.text("history").contains(percent + " (" + result.path("correct").asInt() + "/10)"));
        }
    }

    @Test
    void aReloadComesBackToTheSameQuestionWithEveryAnswer() {
        User user = newUser();
        try (PageUi page = new PageUi("http://127.0.0.1:" + app.port())) {
            page.open();
            page.signIn(user.id());
            String sid = page.start("pmp-quick", "exam");
            page.choose("A");
            page.next();
            page.choose("B");
            page.next();
            page.choose("C");
            page.next();
            page.flag();
            page.waitSaved();

            page.driver.navigate().refresh();
            page.screen("screen-exam");
            page.waitPosition(4);
            assertEquals(sid, page.sessionId());
            assertTrue(page.visible("question-flag"), "question 4 still flagged");
            for (int p = 1; p <= 3; p++) {
                assertTrue(page.navState(p).contains("answered"), "navigator " + p);
            }
            page.goTo(3);
            page.waitSelected("C");
            assertEquals("3 of 10 answered", page.text("answered-count"));

            List<Long> ids = E2e.questionIds(state(user, sid));
            JsonNode s = state(user, sid);
            assertEquals(Map.of(ids.get(0), "A", ids.get(1), "B", ids.get(2), "C"), E2e.answers(s));
            assertEquals(ids.get(3).longValue(), s.path("flagged").get(0).asLong());

            // the start screen lists the open exam; "Resume" comes back to the last question shown
            page.click(By.cssSelector(".brand"));
            page.screen("screen-home");
            String open = page.driver.findElement(By.cssSelector("#active li[data-session='" + sid + "']")).getText();
            assertTrue(open.contains("3 answered") && open.contains("left"), open);
            page.click(By.cssSelector("#active li[data-session='" + sid + "'] a"));
            page.screen("screen-exam");
            page.waitPosition(3);
            page.waitSelected("C");
        }
    }

    @Test
    void aBreakStartedInAnotherTabBringsUpTheBreakScreenAndTheAnswerIsSavedAfterIt() {
        User user = newUser();
        try (PageUi page = new PageUi("http://127.0.0.1:" + app.port())) {
            page.open();
            page.signIn(user.id());
            String sid = page.start("pmp-quick", "exam");
            for (int p = 1; p <= 5; p++) {
                page.choose("A");
                page.next();
            }
            page.waitSaved();
            List<Long> ids = E2e.questionIds(state(user, sid));

            // "another tab": the same user starts the break through the API
            ApiClient.Response started = api.post(user, "/api/exams/" + sid + "/pause/start", "{\"checkpoint\":5}");
            assertEquals(200, started.status(), started::toString);

            page.choose("B"); // question 6: the service answers 409 EXAM_PAUSED
            page.screen("screen-break");
            page.wait.until(d -> page.text("save-status").contains("1 unsaved"));
            assertNull(E2e.answers(state(user, sid)).get(ids.get(5)), "nothing saved during the break");

            page.clickId("btn-end-break");
            page.screen("screen-exam");
            page.waitSaved();
            assertEquals("B", E2e.answers(state(user, sid)).get(ids.get(5)), "the held answer is sent after the break");
        }
    }

    @Test
    void keyboardOnlyAnswering() {
        User user = newUser();
        try (PageUi page = new PageUi("http://127.0.0.1:" + app.port())) {
            page.open();
            page.signIn(user.id());
            String sid = page.start("pmp-quick", "exam");
            page.keys("b");
            page.waitSelected("B");
            page.keys(PageUi.right());
            page.waitPosition(2);
            page.keys("3", "f");
            page.waitSelected("C");
            page.screen("question-flag");
            page.keys(PageUi.right(), "a");
            page.waitPosition(3);
            page.waitSelected("A");
            page.keys("x");
            page.waitSelected(null);
            page.keys("d", PageUi.left());
            page.waitPosition(2);
            page.waitSelected("C");
            page.waitSaved();
            assertEquals(2, page.position());

            List<Long> ids = E2e.questionIds(state(user, sid));
            JsonNode s = state(user, sid);
            assertEquals(Map.of(ids.get(0), "B", ids.get(1), "C", ids.get(2), "D"), E2e.answers(s));
            assertEquals(1, s.path("flagged").size());
            assertEquals(ids.get(1).longValue(), s.path("flagged").get(0).asLong());
            assertTrue(page.navState(2).contains("flagged"));
        }
    }

    @Test
    void practiceShowsCorrectnessAfterEachAnswer() {
        User user = newUser();
        try (PageUi page = new PageUi("http://127.0.0.1:" + app.port())) {
            page.open();
            page.signIn(user.id());
            String sid = page.start("pmp-quick", "practice");
            page.wait.until(d -> "Untimed".equals(page.text("timer")));
            assertFalse(page.visible("btn-break"));
            page.choose("A");
            page.screen("feedback");
            JsonNode q1 = api.get(user, "/api/exams/" + sid + "/questions/1").json();
            String correct = q1.path("correctChoice").asText();
            assertNotNull(correct);
            String feedback = page.text("feedback");
            assertTrue(feedback.startsWith("A".equals(correct) ? "Correct." : "Not quite: the answer is " + correct + "."),
                    feedback);
            assertTrue(feedback.contains(q1.path("explanation").asText()), feedback);
            assertTrue(page.driver.findElement(By.cssSelector("#options [data-key='" + correct + "']"))
                    .getAttribute("class").contains("correct"));
            assertEquals("A", E2e.answers(state(user, sid)).get(q1.path("questionId").asLong()));
            page.screenshot("08-practice");

            // the same page at phone width
            page.driver.manage().window().setSize(new Dimension(390, 844));
            page.wait.until(d -> page.driver.findElement(By.id("navigator")).getLocation().getY()
                    > page.driver.findElement(By.id("options")).getLocation().getY());
            page.screenshot("09-phone");
        }
    }
}
