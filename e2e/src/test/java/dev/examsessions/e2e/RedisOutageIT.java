package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 3: Redis outage under load. Two instances with {@code SESSION_STORE_FALLBACK=database}; four users
 * answer their exams in a bounded loop over both instances (every 4th request reads the exam back); the
 * test's redis-server is killed for ~5 s and started again, empty. Every response must be 200, every read must
 * show every acknowledged answer, and at submit no acknowledged answer is lost. Reports how long it took until
 * the sessions are served from Redis again. A second, deterministic case: one instance is back on Redis while
 * the other still writes to the database only; once both are back, reads must show every acknowledged answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageIT {
    /** How often the recovery is polled: the instants "back on Redis" are known to within this. */
    private static final long HEALTH_POLL_MS = 100;
    private static final int USERS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final int MAX_REQUESTS_PER_USER = 4_000;

    private TestDatabase db;
    private RedisServerProcess redis;
    private AppProcess a;
    private AppProcess b;
    private List<Api> apis;

    @BeforeAll
    void startTwoInstances() {
        db = TestDatabase.create();
        redis = RedisServerProcess.start();
        a = AppProcess.start("outage-a", E2e.redisAndDatabase(redis, db, "SESSION_STORE_FALLBACK", "database"));
        b = a.startAnother("outage-b");
        apis = List.of(Api.of(a), Api.of(b));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, redis, db}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    /** Both instances serve from Redis (a previous case may have left one on its fallback for a while). */
    private void awaitBothOnRedis() {
        await("both instances back on Redis").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> storeAvailable(apis.get(0)) && storeAvailable(apis.get(1)));
    }

    @Test
    void redisOutageUnderLoad() {
        awaitBothOnRedis();
        List<AnswerLoop> loops = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            User user = User.random();
            JsonNode exam = apis.get(u % 2).start(user, "pmp", "exam");
            List<Api> order = u % 2 == 0 ? apis : List.of(apis.get(1), apis.get(0));
            loops.add(new AnswerLoop(user, exam, order, 4, MAX_REQUESTS_PER_USER, 0));
        }
        List<Thread> threads = AnswerLoop.startAll(loops, "outage-load");
        try {
            await("load is running").atMost(Duration.ofSeconds(60))
                    .until(() -> loops.stream().allMatch(l -> l.acks() >= 20));

            int[] acksAtKill = loops.stream().mapToInt(AnswerLoop::acks).toArray();
            long killed = System.nanoTime();
            redis.kill();
            // the deliberate outage window: at least OUTAGE, and every user got answers through it
            await("outage window").atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - killed >= OUTAGE.toNanos()
                            && allGrew(loops, AnswerLoop::acks, acksAtKill, 10));
            String healthDuring = health(apis);
            int acksDuringOutage = sum(loops) - java.util.Arrays.stream(acksAtKill).sum();
            long outageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            redis.restart();
            long restarted = System.nanoTime();
            long[] healthBackMs = {-1, -1};
            long[] keysBackMs = {-1};
            await("sessions served from Redis again").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(HEALTH_POLL_MS)).until(() -> {
                        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
                        for (int i = 0; i < 2; i++) {
                            if (healthBackMs[i] < 0 && storeAvailable(apis.get(i))) {
                                healthBackMs[i] = now;
                            }
                        }
                        if (keysBackMs[0] < 0 && loops.stream().allMatch(l -> SessionKeys.exists(redis, l.sessionId))) {
                            keysBackMs[0] = now;
                        }
                        return healthBackMs[0] >= 0 && healthBackMs[1] >= 0 && keysBackMs[0] >= 0;
                    });
            // keep the load on Redis for a while after the recovery
            int[] requestsAtRecovery = loops.stream().mapToInt(AnswerLoop::requests).toArray();
            await("load after recovery").atMost(Duration.ofSeconds(60))
                    .until(() -> allGrew(loops, AnswerLoop::requests, requestsAtRecovery, 20));
            AnswerLoop.stopAll(loops, threads);

            int acknowledged = 0;
            long lost = 0;
            List<String> submitted = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                AnswerLoop loop = loops.get(u);
                Api api = apis.get(u % 2);
                ApiClient.Response submit = api.submit(loop.user, loop.sessionId);
                assertEquals(200, submit.status(), submit::toString);
                JsonNode finished = api.state(loop.user, loop.sessionId).json();
                submitted.add(finished.path("status").asText());
                Map<Long, String> acked = loop.acknowledged();
                acknowledged += loop.acks();
                lost += E2e.missing(acked, E2e.answers(finished));
            }
            Map<String, Integer> byStatus = AnswerLoop.statuses(loops);
            int stale = loops.stream().mapToInt(AnswerLoop::staleReads).sum();
            List<Long> staleAt = loops.stream().flatMap(l -> l.staleReadNanos().stream())
                    .map(n -> TimeUnit.NANOSECONDS.toMillis(n - restarted)).sorted().toList();
            String staleWindow = staleAt.isEmpty() ? "" : String.format(" (from %d to %d ms after the restart)",
                    staleAt.get(0), staleAt.get(staleAt.size() - 1));
            int requests = loops.stream().mapToInt(AnswerLoop::requests).sum();
            String problems = loops.stream().map(AnswerLoop::firstProblem).filter(p -> p != null)
                    .collect(Collectors.joining("\n"));

            // While one instance is back on Redis and the other still on its fallback, a read may briefly miss
            // an answer the other acknowledged (it is in the attempt, and shows at submit); once both are
            // back, none may.
            long bothBackMs = Math.max(healthBackMs[0], healthBackMs[1]) + HEALTH_POLL_MS;
            long staleAfterRecovery = staleAt.stream().filter(ms -> ms > bothBackMs).count();
            E2e.figure(String.format("redis outage (2 instances, fallback=database, %d users): %d requests,"
                            + " acknowledged answers %d (%d during the %d ms outage), lost at submit %d, stale reads"
                            + " %d%s (after both were back: %d), responses by status %s, health during outage %s, after restart health UP in"
                            + " %d/%d ms (A/B), session keys back in Redis in %d ms", USERS, requests, acknowledged,
                    acksDuringOutage, outageMs, lost, stale, staleWindow, staleAfterRecovery, byStatus, healthDuring, healthBackMs[0],
                    healthBackMs[1], keysBackMs[0]));

            assertEquals(0, lost, "acknowledged answers lost at submit");
            assertEquals(Map.of("200", requests), byStatus, () -> "every response must be 200\n" + problems);
            assertEquals(0, staleAfterRecovery, () -> "stale reads after both instances were back on Redis\n" + problems);
            assertTrue(submitted.stream().allMatch("SUBMITTED"::equals), submitted::toString);
        } finally {
            AnswerLoop.stopAll(loops, threads);
        }
    }

    /**
     * A back on Redis after B: B rebuilds the copy from the attempt, then A (still on its fallback) commits an
     * answer to the attempt only. Once both are back on Redis, every read must show that answer.
     */
    @Test
    void noStaleCopyOnceBothInstancesAreBack() {
        awaitBothOnRedis();
        Api onA = apis.get(0);
        Api onB = apis.get(1);
        User user = User.random();
        JsonNode exam = onA.start(user, "pmp", "exam");
        String sid = exam.path("sessionId").asText();
        List<Long> q = E2e.questionIds(exam);
        assertEquals(200, onA.answer(user, sid, q.get(0), "A").status());
        assertEquals(200, onB.state(user, sid).status());

        // an outage long enough for A's reconnect backoff to grow, A answering through it
        redis.kill();
        long killed = System.nanoTime();
        int next = 1;
        while (System.nanoTime() - killed < OUTAGE.toNanos() && next < 170) {
            ApiClient.Response r = onA.answer(user, sid, q.get(next++), "A");
            assertEquals(200, r.status(), r::toString);
        }
        redis.restart();
        await("B back on Redis").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> storeAvailable(onB));
        JsonNode rebuiltByB = onB.state(user, sid).json();
        boolean aStillOnFallback = !storeAvailable(onA);
        long lastQuestion = q.get(next);
        ApiClient.Response last = onA.answer(user, sid, lastQuestion, "C");
        assertEquals(200, last.status(), last::toString);
        long lastVersion = last.json().path("version").asLong();
        await("A back on Redis").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> storeAvailable(onA));

        JsonNode readOnB = onB.state(user, sid).json();
        JsonNode readOnA = onA.state(user, sid).json();
        JsonNode copy = E2e.parse(SessionKeys.json(redis, sid));
        String key = Long.toString(lastQuestion);
        E2e.figure(String.format("stale copy after recovery: B back on Redis first and rebuilt the copy at version %d,"
                        + " A still on its fallback=%s acknowledged version %d (question %d = C); once both are UP: read"
                        + " on B version %d answer '%s', on A version %d answer '%s', Redis copy version %d (PTTL %d s)",
                rebuiltByB.path("version").asLong(), aStillOnFallback, lastVersion, lastQuestion,
                readOnB.path("version").asLong(), readOnB.path("answers").path(key).asText(),
                readOnA.path("version").asLong(), readOnA.path("answers").path(key).asText(),
                copy.path("version").asLong(), SessionKeys.pttl(redis, sid) / 1000));
        assertEquals(lastVersion, readOnB.path("version").asLong(), "read on B after both instances are back");
        assertEquals("C", readOnB.path("answers").path(key).asText(), "acknowledged answer shown on B");
        assertEquals("C", readOnA.path("answers").path(key).asText(), "acknowledged answer shown on A");
        assertEquals(lastVersion, copy.path("version").asLong(), "the Redis copy is not older than the attempt");
    }

    /** Whether {@code count} of every loop has grown by at least {@code by} since {@code before} (one per loop). */
    private static boolean allGrew(List<AnswerLoop> loops, ToIntFunction<AnswerLoop> count, int[] before, int by) {
        for (int i = 0; i < loops.size(); i++) {
            if (count.applyAsInt(loops.get(i)) < before[i] + by) {
                return false;
            }
        }
        return true;
    }

    private static int sum(List<AnswerLoop> loops) {
        return loops.stream().mapToInt(AnswerLoop::acks).sum();
    }

    private static boolean storeAvailable(Api api) {
        try {
            JsonNode health = api.health().json();
            return health.path("sessionStore").path("available").asBoolean() && "UP".equals(health.path("status").asText());
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static String health(List<Api> apis) {
        return apis.stream().map(api -> {
            try {
                return api.health().json().path("status").asText();
            } catch (UncheckedIOException e) {
                return "no-response";
            }
        }).collect(Collectors.joining("/"));
    }
}
