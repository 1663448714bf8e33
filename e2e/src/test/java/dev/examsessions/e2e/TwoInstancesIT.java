package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 2: two instances on one Redis and one PostgreSQL. Requests alternate; 4 threads × 50 answers to one
 * exam go to both instances at once (thread t owns 45 of the 180 questions: it answers each with A, then changes
 * five of them to B, so every request is a change): all are acknowledged and present on both instances, and
 * {@code version} is 1 + 200. A break started on one instance is enforced by the other.
 */
class TwoInstancesIT {
    private static final int THREADS = 4;
    private static final int ANSWERS_PER_THREAD = 50;

    @Test
    void twoInstancesShareOneExam() throws Exception {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess a = AppProcess.start("two-a", E2e.redisAndDatabase(redis, db));
             AppProcess b = a.startAnother("two-b")) {
            List<Api> apis = List.of(Api.of(a), Api.of(b));
            User user = User.random();
            JsonNode started = apis.get(0).start(user, "pmp", "exam");
            String sid = started.path("sessionId").asText();
            List<Long> q = E2e.questionIds(started);
            assertEquals(180, q.size());

            // requests alternate: both instances serve the same exam
            for (int i = 0; i < 4; i++) {
                ApiClient.Response r = apis.get(i % 2).state(user, sid);
                assertEquals(200, r.status(), r::toString);
                assertEquals(1, r.json().path("version").asLong());
            }

            Map<Long, String> expected = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> problems = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<Long> owned = q.subList(45 * t, 45 * t + 45);
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < ANSWERS_PER_THREAD; i++) {
                        long qid = owned.get(i % owned.size());
                        String choice = i < owned.size() ? "A" : "B";
                        Api api = apis.get((thread + i) % 2);
                        String status;
                        try {
                            ApiClient.Response r = api.answer(user, sid, qid, choice);
                            status = Integer.toString(r.status());
                            if (r.status() == 200) {
                                expected.put(qid, choice);
                            } else {
                                synchronized (problems) {
                                    problems.add(api + " " + qid + "=" + choice + ": " + r);
                                }
                            }
                        } catch (UncheckedIOException e) {
                            status = "no-response";
                        }
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS), "the answer threads finish");
            for (Future<?> f : futures) {
                f.get();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Map<String, Integer> byStatus = new TreeMap<>();
            statuses.forEach((k, v) -> byStatus.put(k, v.get()));
            assertEquals(Map.of("200", THREADS * ANSWERS_PER_THREAD), byStatus, () -> "responses by status "
                    + byStatus + "; first problems " + problems.subList(0, Math.min(5, problems.size())));

            long changes = THREADS * ANSWERS_PER_THREAD;
            JsonNode onA = apis.get(0).state(user, sid).json();
            JsonNode onB = apis.get(1).state(user, sid).json();
            assertEquals(new TreeMap<>(expected), E2e.answers(onA), "answers read on A");
            assertEquals(new TreeMap<>(expected), E2e.answers(onB), "answers read on B");
            assertEquals(1 + changes, onA.path("version").asLong(), "version on A = 1 + number of changes");
            assertEquals(1 + changes, onB.path("version").asLong(), "version on B = 1 + number of changes");
            long redisVersion = E2e.parse(SessionKeys.json(redis, sid)).path("version").asLong();
            assertEquals(1 + changes, redisVersion, "version of the Redis copy");
            // the attempt itself: drop the copy, the next read rebuilds it from PostgreSQL
            SessionKeys.delete(redis, sid);
            JsonNode rebuilt = apis.get(1).state(user, sid).json();
            assertTrue(rebuilt.path("recovered").asBoolean(), rebuilt::toString);
            assertEquals(new TreeMap<>(expected), E2e.answers(rebuilt), "answers in the attempt");
            assertEquals(1 + changes, rebuilt.path("version").asLong(), "version of the attempt");

            // a break started on A is enforced by B
            ApiClient.Response pause = apis.get(0).post(user, "/api/exams/" + sid + "/pause/start", "{\"checkpoint\":60}");
            assertEquals(200, pause.status(), pause::toString);
            assertTrue(pause.json().path("paused").asBoolean(), pause::toString);
            ApiClient.Response answerOnB = apis.get(1).answer(user, sid, q.get(100), "C");
            assertEquals(409, answerOnB.status(), answerOnB::toString);
            assertEquals("EXAM_PAUSED", answerOnB.code());
            ApiClient.Response questionOnB = apis.get(1).get(user, "/api/exams/" + sid + "/questions/101");
            assertEquals(409, questionOnB.status(), questionOnB::toString);
            assertEquals("EXAM_PAUSED", questionOnB.code());
            ApiClient.Response statusOnB = apis.get(1).get(user, "/api/exams/" + sid + "/pause/status");
            assertTrue(statusOnB.json().path("paused").asBoolean(), statusOnB::toString);
            ApiClient.Response endOnB = apis.get(1).post(user, "/api/exams/" + sid + "/pause/end", null);
            assertEquals(200, endOnB.status(), endOnB::toString);
            assertTrue(!endOnB.json().path("paused").asBoolean(), endOnB::toString);
            // the section before the break is locked on A, the rest is open again
            ApiClient.Response lockedOnA = apis.get(0).answer(user, sid, q.get(9), "D");
            assertEquals(409, lockedOnA.status(), lockedOnA::toString);
            assertEquals("SECTION_LOCKED", lockedOnA.code());
            ApiClient.Response openOnA = apis.get(0).answer(user, sid, q.get(100), "C");
            assertEquals(200, openOnA.status(), openOnA::toString);
            assertEquals(1 + changes + 3, openOnA.json().path("version").asLong(), "break start, end, answer");

            E2e.figure(String.format("two instances (redis+pg): %d×%d answers to one exam across both instances in"
                            + " %d ms: responses %s, answers %d/%d present on A and B and in the attempt, version %d ="
                            + " 1 + %d changes (Redis copy %d); break started on A → B: answer %d %s, question read"
                            + " %d %s; ended on B → A: locked section %d %s, open question 200",
                    THREADS, ANSWERS_PER_THREAD, ms, byStatus, E2e.answers(onA).size(), expected.size(),
                    onA.path("version").asLong(), changes, redisVersion, answerOnB.status(), answerOnB.code(),
                    questionOnB.status(), questionOnB.code(), lockedOnA.status(), lockedOnA.code()));
        }
    }
}
