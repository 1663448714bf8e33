package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 8, bounded memory in the seed's production set-up ({@code USE_REDIS=true}, no database): thousands of
 * exams taken and submitted through the real jar, the heap after a full GC measured between rounds. With the default
 * retention (30 days) the heap grows with every finished exam; with a short {@code MEMORY_ATTEMPT_RETENTION} it
 * stays flat once the retention has kicked in. Size: {@code -De2e.memory.exams=<per round>} (default 1500).
 */
class MemoryBoundIT {
    private static final int ROUNDS = 3;
    private static final int WORKERS = 4;
    private static final int EXAMS_PER_ROUND = Integer.getInteger("e2e.memory.exams", 1500);
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @Test
    void heapAfterGcStaysFlatOnceRetentionKicksIn() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            List<Long> kept = run("memory-kept", redis, "30d");
            List<Long> bounded = run("memory-bounded", redis, "3s");

            long keptGrowth = kept.get(ROUNDS) - kept.get(1);
            long boundedGrowth = bounded.get(ROUNDS) - bounded.get(1);
            int exams = EXAMS_PER_ROUND * (ROUNDS - 1);
            E2e.figure(String.format(Locale.ROOT, "bounded memory (USE_REDIS=true, no database, %d exams per round,"
                            + " heap after full GC in KB after warm-up and each round): MEMORY_ATTEMPT_RETENTION=30d %s"
                            + " → +%d KB over the last %d exams (%.1f KB per finished exam); MEMORY_ATTEMPT_RETENTION=3s %s"
                            + " → %+d KB over the same %d exams",
                    EXAMS_PER_ROUND, kept, keptGrowth, exams, keptGrowth / (double) exams, bounded, boundedGrowth, exams));
            assertTrue(keptGrowth > exams, "the measurement sees ~1 KB or more per kept exam: " + kept);
            // the band is wide: pools and buffers vary by a megabyte or two between full GCs
            assertTrue(boundedGrowth < keptGrowth / 2,
                    "with retention the heap stays flat: " + bounded + " against " + kept);
        }
    }

    /** Heap after GC (KB) after a warm-up round and after each of {@link #ROUNDS} rounds. */
    private static List<Long> run(String name, RedisServerProcess redis, String retention) throws Exception {
        try (AppProcess app = AppProcess.start(name, E2e.redisOnly(redis, "MEMORY_ATTEMPT_RETENTION", retention,
                "SESSION_CLEANUP_INTERVAL", "1s"))) {
            Api api = Api.of(app);
            List<Long> heap = new ArrayList<>();
            round(api, EXAMS_PER_ROUND); // warm-up: classes, JIT, pools, caches
            heap.add(heapAfterGc(app.pid()));
            for (int r = 1; r <= ROUNDS; r++) {
                round(api, EXAMS_PER_ROUND);
                heap.add(heapAfterGc(app.pid()));
            }
            assertTrue(app.isAlive(), app::logTail);
            if (retention.equals("3s")) {
                assertTrue(app.log().contains("finished attempts older than 3s from memory"), app::logTail);
            }
            return heap;
        }
    }

    /** {@code exams} PMP exams (180 questions): start, answer ten, submit; on {@link #WORKERS} threads. */
    private static void round(Api api, int exams) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int share = exams / WORKERS + (w < exams % WORKERS ? 1 : 0);
                done.add(pool.submit(() -> {
                    User user = User.random();
                    for (int i = 0; i < share; i++) {
                        JsonNode state = api.start(user, "pmp", "exam");
                        String sid = state.path("sessionId").asText();
                        for (long q : E2e.questionIds(state).subList(0, 10)) {
                            ApiClient.Response answered = api.answer(user, sid, q, "A");
                            assertEquals(200, answered.status(), answered::toString);
                        }
                        ApiClient.Response submitted = api.submit(user, sid);
                        assertEquals(200, submitted.status(), submitted::toString);
                    }
                    return share;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(exams, total);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Used heap (KB) right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    static long heapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        for (String line : info.split("\n")) {
            if (line.contains("total") && (line.contains("generation") || line.contains("heap"))) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                }
            }
        }
        assertTrue(used > 0, "no heap figures in: " + info);
        return used;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
