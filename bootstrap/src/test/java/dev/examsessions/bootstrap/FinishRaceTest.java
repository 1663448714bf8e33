package dev.examsessions.bootstrap;

import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.files.JsonExamCatalog;
import dev.examsessions.adapter.files.JsonQuestionBank;
import dev.examsessions.adapter.redis.TestRedis;
import dev.examsessions.bootstrap.FinishRace.Path;
import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.fakes.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stress: answers and reads racing each way an exam finishes, on each set-up composed as in production
 * ({@link Stores}): afterwards the exam never reads as running again (issue 8, item 1).
 */
class FinishRaceTest {
    /** Trials per path; {@code -Drace.trials=N} overrides every set-up's count. */
    private static final int MEMORY_TRIALS = trials(200);
    private static final int REDIS_TRIALS = trials(150);
    private static final int DATABASE_TRIALS = trials(60);

    private final MutableClock clock = MutableClock.at(1_764_300_000_000L);
    private final List<AutoCloseable> resources = new ArrayList<>();

    private static int trials(int normal) {
        return Integer.getInteger("race.trials", normal);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void memory(Path path) throws Exception {
        race("memory", path, MEMORY_TRIALS, 1, Map.of());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void redisWithAttemptsInMemory(Path path) throws Exception {
        race("redis", path, REDIS_TRIALS, 1, Map.of("USE_REDIS", "true", "REDIS_URL", TestRedis.uri().toString()));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void redisAndPostgres(Path path) throws Exception {
        race("redis+pg", path, DATABASE_TRIALS, 1, redisAndDatabase());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void twoInstancesOnRedisAndPostgres(Path path) throws Exception {
        race("redis+pg, two instances", path, DATABASE_TRIALS, 2, redisAndDatabase());
    }

    private Map<String, String> redisAndDatabase() {
        TestDatabase db = TestDatabase.create();
        resources.add(db);
        return Map.of("USE_REDIS", "true", "REDIS_URL", TestRedis.uri().toString(), "DATABASE_URL", db.url());
    }

    private void race(String setUp, Path path, int trials, int instances, Map<String, String> stores) throws Exception {
        Map<String, String> env = new HashMap<>(stores);
        env.put("AUTH_SECRET", "finish-race-test-secret-of-at-least-32-bytes");
        env.put("EXAM_START_RATE_LIMIT", "1000000/s");
        AppConfig config = AppConfig.fromEnv(env);
        List<FinishRace.Instance> running = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            List<AutoCloseable> opened = new ArrayList<>();
            Stores s = Stores.open(config, clock, opened, ExamEvents.NONE, new SimpleMeterRegistry());
            resources.addAll(0, opened);
            ExamService service = new ExamService(s.sessions(), s.attempts(), JsonQuestionBank.bundled(),
                    JsonExamCatalog.bundled(), s.startLimiter(), ExamEvents.NONE, clock);
            running.add(new FinishRace.Instance(service, s.sessions(), s.attempts()));
        }
        try (FinishRace race = new FinishRace(running, clock)) {
            FinishRace.Tally tally = race.run(path, trials);
            System.out.println(tally.figure(setUp));
            assertTrue(tally.stale().isEmpty(), tally.figure(setUp));
        }
    }
}
