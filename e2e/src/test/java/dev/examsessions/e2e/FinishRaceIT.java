package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 8: answers racing each way an exam finishes, through two instances on one Redis and one PostgreSQL
 * (issue 8, item 1). Per trial, 8 answers and 2 readers race a submit, a DELETE, or a submit while the copy is
 * gone (the reads rebuild it); then a batch of 1-minute exams is answered on both instances across the deadline
 * until a request times each out. Afterwards, on both instances: the finished status at one version, review 200,
 * extend 409 EXAM_FINISHED, no read after the finish showing it running, and no IN_PROGRESS key in Redis.
 */
class FinishRaceIT {
    private static final int TRIALS_PER_PATH = Integer.getInteger("e2e.raceTrials", 30);
    private static final int TIMEOUT_EXAMS = Integer.getInteger("e2e.raceTimeoutExams", 20);
    private static final String CATALOG = """
            {"examTypes": [
              {"examType": "pmp-quick", "title": "Quick", "questionCount": 10, "durationMinutes": 15,
               "pausePolicy": {"checkpoints": [5], "durationMs": 120000}},
              {"examType": "race-1m", "title": "One minute", "questionCount": 10, "durationMinutes": 1}]}
            """;

    /** How a trial finishes its exam. */
    enum Finish { SUBMIT, DELETE, SUBMIT_WHILE_READS_REBUILD }

    private final ExecutorService pool = Executors.newFixedThreadPool(2 * TIMEOUT_EXAMS + 12);

    @Test
    void aFinishedExamNeverReadsAsRunningAgain() throws Exception {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess a = AppProcess.start("race-a", E2e.redisAndDatabase(redis, db,
                     "EXAM_CATALOG_FILE", catalog().toString()));
             AppProcess b = a.startAnother("race-b")) {
            List<Api> apis = List.of(Api.of(a), Api.of(b));
            List<String> lines = new ArrayList<>();
            int bad = 0;
            for (Finish finish : Finish.values()) {
                List<String> stale = new ArrayList<>();
                for (int t = 0; t < TRIALS_PER_PATH; t++) {
                    stale.addAll(trial(apis, redis, finish));
                }
                bad += stale.size();
                lines.add(String.format("%s %d trials, %d stale%s", finish, TRIALS_PER_PATH, stale.size(),
                        stale.isEmpty() ? "" : " " + stale.subList(0, Math.min(3, stale.size()))));
            }
            List<String> timedOut = timeOutByRequests(apis, redis);
            bad += timedOut.size();
            lines.add(String.format("TIMEOUT_BY_REQUEST %d exams answered across their deadline, %d stale%s",
                    TIMEOUT_EXAMS, timedOut.size(), timedOut.isEmpty() ? "" : " " + timedOut.subList(0,
                            Math.min(3, timedOut.size()))));
            String figure = "finish race (2 instances, redis+pg): " + String.join("; ", lines);
            E2e.figure(figure);
            assertEquals(0, bad, figure);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One exam: 8 answers and 2 readers racing the finish; the problems seen afterwards. */
    private List<String> trial(List<Api> apis, RedisServerProcess redis, Finish finish) throws Exception {
        User user = User.random();
        JsonNode started = apis.get(0).start(user, "pmp-quick", "exam");
        String sid = started.path("sessionId").asText();
        List<Long> q = E2e.questionIds(started);
        if (finish == Finish.SUBMIT_WHILE_READS_REBUILD) {
            SessionKeys.delete(redis, sid); // as after a TTL or a flush
        }
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean acknowledged = new AtomicBoolean(false);
        List<String> problems = new ArrayList<>();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Api api = apis.get(i % 2);
            long qid = q.get(i);
            tasks.add(pool.submit(() -> {
                go.await();
                ApiClient.Response r = api.answer(user, sid, qid, "B");
                if (r.status() != 200 && !(r.status() == 409 && r.code().equals("EXAM_FINISHED"))) {
                    record(problems, api + " answer: " + r);
                }
                return null;
            }));
        }
        for (int i = 0; i < 2; i++) {
            Api api = apis.get(i);
            tasks.add(pool.submit(() -> {
                go.await();
                for (int n = 0; n < 3; n++) {
                    boolean afterFinish = acknowledged.get();
                    ApiClient.Response r = api.state(user, sid);
                    if (afterFinish && r.json().path("status").asText().equals("IN_PROGRESS")) {
                        record(problems, api + " read after the finish: IN_PROGRESS v" + r.json().path("version"));
                    }
                }
                return null;
            }));
        }
        tasks.add(pool.submit(() -> {
            go.await();
            Api api = apis.get(1);
            ApiClient.Response r = finish == Finish.DELETE ? api.delete(user, "/api/exams/" + sid) : api.submit(user, sid);
            if (r.status() == 200 || r.status() == 204) {
                acknowledged.set(true);
            } else {
                record(problems, api + " " + finish + ": " + r);
            }
            return null;
        }));
        go.countDown();
        for (Future<?> f : tasks) {
            f.get(60, TimeUnit.SECONDS);
        }
        problems.addAll(afterTheFinish(apis, redis, user, sid));
        return problems.isEmpty() ? List.of() : List.of(sid + " " + problems);
    }

    /**
     * Starts the 1-minute exams, then answers each on both instances from just before its deadline until a
     * request times it out; the problems seen afterwards.
     */
    private List<String> timeOutByRequests(List<Api> apis, RedisServerProcess redis) throws Exception {
        List<User> users = new ArrayList<>();
        List<JsonNode> exams = new ArrayList<>();
        for (int i = 0; i < TIMEOUT_EXAMS; i++) {
            User user = User.random();
            users.add(user);
            exams.add(apis.get(i % 2).start(user, "race-1m", "exam"));
        }
        long firstDeadline = exams.get(0).path("deadline").asLong();
        // the instances run on this machine's clock
        await("the first deadline is near").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                .until(() -> System.currentTimeMillis() >= firstDeadline - 300);
        List<Future<List<String>>> loops = new ArrayList<>();
        for (int i = 0; i < TIMEOUT_EXAMS; i++) {
            User user = users.get(i);
            String sid = exams.get(i).path("sessionId").asText();
            List<Long> q = E2e.questionIds(exams.get(i));
            for (Api api : apis) {
                loops.add(pool.submit(() -> answerUntilRefused(api, user, sid, q)));
            }
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> f : loops) {
            problems.addAll(f.get(120, TimeUnit.SECONDS));
        }
        for (int i = 0; i < TIMEOUT_EXAMS; i++) {
            String sid = exams.get(i).path("sessionId").asText();
            List<String> after = afterTheFinish(apis, redis, users.get(i), sid);
            if (!after.isEmpty()) {
                problems.add(sid + " " + after);
            }
        }
        return problems;
    }

    /** Changes answers until the exam refuses them; once timed out, a read on this instance must show it. */
    private static List<String> answerUntilRefused(Api api, User user, String sid, List<Long> q) {
        for (int n = 0; ; n++) {
            // the letter flips with each pass over the questions, so that every answer changes the stored one: an
            // identical answer is an idempotent repeat, which succeeds even after the deadline and times nothing out
            String choice = (n / q.size()) % 2 == 0 ? "A" : "B";
            ApiClient.Response r = api.answer(user, sid, q.get(n % q.size()), choice);
            if (r.status() == 200) {
                continue;
            }
            if (r.status() != 409 || !Set.of("TIME_EXPIRED", "EXAM_FINISHED").contains(r.code())) {
                return List.of(api + " answer: " + r);
            }
            if (r.code().equals("TIME_EXPIRED")) {
                // this request timed the exam out: from now on nobody may see it running
                ApiClient.Response read = api.state(user, sid);
                if (!read.json().path("status").asText().equals("TIMED_OUT")) {
                    return List.of(sid + " " + api + " read after TIME_EXPIRED: " + read);
                }
            }
            return List.of();
        }
    }

    /** Every instance agrees the exam is finished; review 200, extend 409 EXAM_FINISHED; no running copy in Redis. */
    private static List<String> afterTheFinish(List<Api> apis, RedisServerProcess redis, User user, String sid) {
        List<String> problems = new ArrayList<>();
        Set<Long> versions = new TreeSet<>();
        for (Api api : apis) {
            JsonNode state = api.state(user, sid).json();
            versions.add(state.path("version").asLong());
            if (state.path("status").asText().equals("IN_PROGRESS")) {
                problems.add(api + " GET IN_PROGRESS v" + state.path("version").asLong());
            }
            ApiClient.Response review = api.get(user, "/api/exams/" + sid + "/review");
            if (review.status() != 200) {
                problems.add(api + " review " + review.status() + " " + review.code());
            }
            ApiClient.Response extend = api.post(user, "/api/exams/" + sid + "/extend", "{\"minutes\":30}");
            if (extend.status() != 409 || !extend.code().equals("EXAM_FINISHED")) {
                problems.add(api + " extend " + extend.status());
            }
        }
        if (versions.size() != 1) {
            problems.add("versions differ: " + versions);
        }
        String copy = SessionKeys.json(redis, sid);
        if (copy != null && E2e.parse(copy).path("status").asText().equals("IN_PROGRESS")) {
            problems.add("Redis key IN_PROGRESS v" + E2e.parse(copy).path("version").asLong()
                    + " PTTL " + SessionKeys.pttl(redis, sid));
        }
        return problems;
    }

    private static void record(List<String> problems, String problem) {
        synchronized (problems) {
            problems.add(problem);
        }
    }

    private static Path catalog() {
        Path file = E2e.workDir().resolve("finish-race-catalog.json");
        try {
            Files.writeString(file, CATALOG, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
