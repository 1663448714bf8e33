package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 5: SIGTERM while four users answer (Redis + PostgreSQL, {@code SHUTDOWN_DRAIN=5s}). Every request
 * that got a response got a 2xx; the process exits cleanly within the drain time; nothing is half-written: a
 * restarted instance shows every acknowledged answer, and the Redis copy equals the attempt.
 */
class GracefulShutdownIT {
    private static final int USERS = 4;
    private static final Duration DRAIN = Duration.ofSeconds(5);

    @Test
    void sigtermWhileRequestsAreInFlight() {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start()) {
            Map<String, String> env = E2e.redisAndDatabase(redis, db, "SHUTDOWN_DRAIN", DRAIN.toSeconds() + "s");
            List<AnswerLoop> loops = new ArrayList<>();
            AppProcess.Exit exit;
            long signalled;
            String log;
            try (AppProcess app = AppProcess.start("shutdown", env)) {
                Api api = Api.of(app);
                for (int u = 0; u < USERS; u++) {
                    User user = User.random();
                    // stop a loop once the process is gone (three requests in a row without a response)
                    loops.add(new AnswerLoop(user, api.start(user, "pmp", "exam"), List.of(api), 5, 5_000, 3));
                }
                List<Thread> threads = AnswerLoop.startAll(loops, "shutdown-load");
                try {
                    await("load is running").atMost(Duration.ofSeconds(60))
                            .until(() -> loops.stream().allMatch(l -> l.acks() >= 30));
                    signalled = System.nanoTime();
                    app.sigterm();
                    exit = app.awaitExit(DRAIN.plusSeconds(20));
                    await("the load notices the process is gone").atMost(Duration.ofSeconds(60))
                            .until(() -> threads.stream().noneMatch(Thread::isAlive));
                } finally {
                    AnswerLoop.stopAll(loops, threads);
                }
                log = app.log();
            }

            List<AnswerLoop.Outcome> outcomes = loops.stream().flatMap(l -> l.outcomes().stream()).toList();
            long inFlight = outcomes.stream().filter(o -> o.startNanos() < signalled && o.endNanos() > signalled)
                    .count();
            long inFlightAnswered = outcomes.stream().filter(o -> o.startNanos() < signalled
                    && o.endNanos() > signalled && o.status() >= 200 && o.status() < 300).count();
            long responses = outcomes.stream().filter(o -> o.status() != -1).count();
            long non2xx = outcomes.stream().filter(o -> o.status() != -1 && (o.status() < 200 || o.status() >= 300))
                    .count();
            long noResponse = outcomes.size() - responses;
            Map<String, Integer> byStatus = AnswerLoop.statuses(loops);

            // nothing half-written: restart, compare every exam with what was acknowledged, and copy with attempt
            int acknowledged = 0;
            long lost = 0;
            int copyEqualsAttempt = 0;
            List<String> differences = new ArrayList<>();
            try (AppProcess again = AppProcess.start("shutdown-again", env)) {
                Api api = Api.of(again);
                for (AnswerLoop loop : loops) {
                    Map<Long, String> acked = loop.acknowledged();
                    acknowledged += loop.acks();
                    JsonNode copy = E2e.parse(SessionKeys.json(redis, loop.sessionId));
                    JsonNode served = api.state(loop.user, loop.sessionId).json();
                    SessionKeys.delete(redis, loop.sessionId);
                    JsonNode attempt = api.state(loop.user, loop.sessionId).json();
                    assertTrue(attempt.path("recovered").asBoolean(), attempt::toString);
                    lost += E2e.missing(acked, E2e.answers(attempt));
                    long version = attempt.path("version").asLong();
                    long applied = version - 1;
                    boolean same = copy.path("version").asLong() == version
                            && E2e.answers(copy).equals(E2e.answers(attempt))
                            && served.path("version").asLong() == version;
                    if (same) {
                        copyEqualsAttempt++;
                    } else {
                        differences.add(loop.sessionId + ": copy v" + copy.path("version").asLong() + " "
                                + E2e.answers(copy).size() + " answers, attempt v" + version + " "
                                + E2e.answers(attempt).size() + " answers");
                    }
                    // every answer request was a change: the version counts the applied ones
                    assertTrue(applied >= loop.acks() && applied <= loop.acks() + loop.unknownCount(),
                            "version " + version + " vs " + loop.acks() + " acknowledged changes and "
                                    + loop.unknownCount() + " without a response");
                }
                ApiClient.Response health = api.health();
                assertEquals(200, health.status(), health::toString);
            }

            E2e.figure(String.format("graceful shutdown (SHUTDOWN_DRAIN=%ds): SIGTERM with %d requests in flight (%d"
                            + " of them answered 2xx); %d responses %s, non-2xx %d, %d requests without a response after"
                            + " the close; exit status %d after %d ms; after a restart acknowledged answers lost %d of"
                            + " %d, Redis copy = attempt for %d/%d exams", DRAIN.toSeconds(), inFlight,
                    inFlightAnswered, responses, byStatus, non2xx, noResponse, exit.status(),
                    exit.millisAfterSignal(), lost, acknowledged, copyEqualsAttempt, USERS));

            assertTrue(exit.exited(), "the process exits after SIGTERM");
            assertTrue(exit.millisAfterSignal() <= DRAIN.toMillis(),
                    "exit within SHUTDOWN_DRAIN, took " + exit.millisAfterSignal() + " ms");
            assertTrue(exit.status() == 143 || exit.status() == 0, "exit status " + exit.status());
            assertTrue(log.contains("exam-sessions stopped"), "clean stop logged");
            assertEquals(0, non2xx, () -> "every response must be 2xx: " + byStatus + "; "
                    + loops.stream().map(AnswerLoop::firstProblem).filter(p -> p != null).toList());
            assertEquals(0, lost, "acknowledged answers lost");
            assertEquals(USERS, copyEqualsAttempt, () -> "copy and attempt differ: " + differences);
        }
    }
}
