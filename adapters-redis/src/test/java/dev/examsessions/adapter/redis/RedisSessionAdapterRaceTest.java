package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races between instances and against delete and expiry: nothing lost, the TTL kept, no key brought back,
 * and afterwards no session key in this Redis without a TTL.
 */
class RedisSessionAdapterRaceTest {
    private static final ExamType TYPE = new ExamType("race-exam", "Race exam", 16, 60,
            new PausePolicy(List.of(4), 60_000));

    private static RedisClient raw;
    private static RedisSessionAdapter first;
    private static RedisSessionAdapter second;
    private static ExecutorService pool;

    @BeforeAll
    static void open() {
        raw = TestRedis.newClient();
        // two instances of the service: separate clients, separate pools
        first = RedisSessionAdapter.create(TestRedis.newClient(), SessionPort.DEFAULT_TTL);
        second = RedisSessionAdapter.create(TestRedis.newClient(), SessionPort.DEFAULT_TTL);
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void noSessionKeyWithoutTtl() {
        try {
            List<String> withoutTtl = new ArrayList<>();
            ScanParams params = new ScanParams().match("exam:session:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = raw.scan(cursor, params);
                for (String key : page.getResult()) {
                    if (raw.pttl(key) == -1) {
                        withoutTtl.add(key);
                    }
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            assertEquals(List.of(), withoutTtl, "session keys without a TTL");
        } finally {
            pool.shutdownNow();
            first.close();
            second.close();
            raw.close();
        }
    }

    private static ExamSession newSession() {
        return ExamSession.start(SessionId.newId(), 5, TYPE, ExamMode.EXAM, LongStream.rangeClosed(1, 16).boxed().toList(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String key(SessionId id) {
        return "exam:session:" + id.value();
    }

    /** Adds one to the counter kept as the answer to question {@code q}. */
    private static UnaryOperator<ExamSession> increment(long q) {
        return x -> {
            Map<Long, String> answers = new HashMap<>(x.answers());
            answers.merge(q, "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
            return x.withAnswers(answers);
        };
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoInstancesEightThreadsEachLoseNoUpdateAndKeepTheExpiry() throws Exception {
        int perThread = 150;
        ExamSession s = newSession();
        first.put(s, Duration.ofMinutes(20));
        long expiryBefore = raw.pexpireTime(key(s.sessionId()));

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RedisSessionAdapter instance = t < 8 ? first : second;
            long counter = t + 1;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    assertTrue(instance.update(s.sessionId(), increment(counter)).isPresent());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }

        ExamSession end = second.get(s.sessionId()).orElseThrow();
        for (long q = 1; q <= 16; q++) {
            assertEquals(String.valueOf(perThread), end.answers().get(q), "counter " + q);
        }
        assertEquals(s.version() + 16L * perThread, end.version());
        assertEquals(expiryBefore, raw.pexpireTime(key(s.sessionId())), "PEXPIRETIME before and after");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void updateRacingWithDeleteNeverBringsTheKeyBack() throws Exception {
        long raced = 0;
        for (int i = 0; i < 200; i++) {
            ExamSession s = newSession();
            first.put(s, Duration.ofMinutes(10));
            CountDownLatch start = new CountDownLatch(1);
            // the delete waits for a first update: a warm JVM's delete otherwise wins every round before any update
            CountDownLatch updated = new CountDownLatch(1);
            List<Future<Integer>> updaters = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                RedisSessionAdapter instance = t % 2 == 0 ? first : second;
                long counter = t + 1;
                updaters.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    while (instance.update(s.sessionId(), increment(counter)).isPresent()) {
                        n++;
                        updated.countDown();
                    }
                    return n;
                }));
            }
            int spin = ThreadLocalRandom.current().nextInt(0, 20_000);
            Future<Boolean> deleter = pool.submit(() -> {
                start.await();
                updated.await(10, TimeUnit.SECONDS);
                for (int k = 0; k < spin; k++) {
                    Thread.onSpinWait();
                }
                return second.delete(s.sessionId());
            });
            start.countDown();
            assertTrue(deleter.get());
            for (Future<Integer> f : updaters) {
                raced += f.get();
            }
            assertFalse(raw.exists(key(s.sessionId())), "iteration " + i + ": the key came back");
            assertEquals(Optional.empty(), first.update(s.sessionId(), increment(1)));
            assertFalse(raw.exists(key(s.sessionId())));
        }
        assertTrue(raced > 0, "no update ever ran before the delete: the test did not race");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void updateRacingWithExpiryNeverBringsTheKeyBack() throws Exception {
        long raced = 0;
        for (int i = 0; i < 40; i++) {
            ExamSession s = newSession();
            first.put(s, Duration.ofMillis(ThreadLocalRandom.current().nextInt(20, 80)));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> updaters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                RedisSessionAdapter instance = t % 2 == 0 ? first : second;
                long counter = t + 1;
                updaters.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    while (instance.update(s.sessionId(), increment(counter)).isPresent()) {
                        n++;
                    }
                    return n;
                }));
            }
            start.countDown();
            for (Future<Integer> f : updaters) {
                raced += f.get();
            }
            assertFalse(raw.exists(key(s.sessionId())), "iteration " + i + ": the key outlived its TTL");
        }
        assertTrue(raced > 0, "no update ever ran before the expiry: the test did not race");
    }
}
