package dev.examsessions.e2e;

import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus scraping the real jar: the answer p99 it computes from the latency histogram is the one the
 * scrape's buckets give, and after Redis is stopped it sees the session store on its fallback (and the shipped
 * alert for it goes pending).
 */
class PrometheusIT {
    private static final String ANSWERS = "method=\"PUT\",uri=\"/api/exams/{sessionId}/answers/{questionId}\"";
    private static final int EXAMS = 4;
    private static final int ANSWERS_PER_EXAM = 25;

    @Test
    void prometheusReadsTheAnswerP99AndTheFallbackState() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("prometheus-target", E2e.redisAndDatabase(redis, db));
             PrometheusProcess prometheus = PrometheusProcess.start("scraper", app.port(), Tools.alertRules())) {
            Api api = Api.of(app);
            String count = "sum(http_server_requests_seconds_count{" + ANSWERS + ",status=\"200\"})";
            Exam last = Exam.start(api, User.random(), "pmp");
            last.answer(api, 0, ANSWERS_PER_EXAM);
            // the rest after a first scrape of the series, so that rate() over it sees them as an increase
            await("Prometheus scraped the first answers").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> prometheus.value(count) == ANSWERS_PER_EXAM);
            for (int i = 1; i < EXAMS; i++) {
                last = Exam.start(api, User.random(), "pmp");
                last.answer(api, 0, ANSWERS_PER_EXAM);
            }
            int answered = EXAMS * ANSWERS_PER_EXAM;
            await("Prometheus scraped every answer").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> prometheus.value(count) == answered);
            TreeMap<Double, Double> buckets = Histogram.buckets(api.get(null, "/metrics").body(),
                    "http_server_requests_seconds", Map.of("method", "PUT", "uri", "/api/exams/{sessionId}/answers/{questionId}"));
            double expected = Histogram.quantile(0.99, buckets);
            double p99 = prometheus.value("histogram_quantile(0.99, sum by (le) (http_server_requests_seconds_bucket{"
                    + ANSWERS + "}))");
            double p99Rate = prometheus.value("histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{"
                    + ANSWERS + "}[2m])))");
            assertEquals(answered, buckets.get(Double.POSITIVE_INFINITY), () -> "buckets " + buckets);
            assertEquals(expected, p99, 1e-9, () -> "p99 from Prometheus vs the scrape's buckets " + buckets);
            assertTrue(p99 > 0 && p99 <= 10, "a p99 inside the finite buckets: " + p99);
            assertTrue(p99Rate > 0 && p99Rate <= 10, "the alert's rate() form answers too: " + p99Rate);
            assertEquals(1.0, prometheus.value("exam_session_store_state{state=\"up\"}"));

            redis.stop();
            ApiClient.Response served = api.state(last.user, last.sid); // finds the outage; answered from the database
            assertEquals(200, served.status(), served::toString);
            await("Prometheus sees the fallback").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> prometheus.value("exam_session_store_state{state=\"fallback\"}") == 1.0);
            double up = prometheus.value("exam_session_store_state{state=\"up\"}");
            double transitions = prometheus.value("exam_session_store_transitions_total{to=\"fallback\"}");
            await("the fallback alert is pending (for: 1m)").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> "pending".equals(prometheus.alertState("ExamSessionStoreOnFallback")));

            E2e.figure(String.format("prometheus: answer p99 %.4f s over %d answers (buckets %s; rate form %.4f s);"
                            + " after Redis stopped: state{fallback}=1, state{up}=%.0f, transitions{to=fallback}=%.0f,"
                            + " alert ExamSessionStoreOnFallback pending",
                    p99, answered, buckets, p99Rate, up, transitions));
            assertEquals(0.0, up);
            assertEquals(1.0, transitions);
        }
    }
}
