package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.adapter.jpa.TestDatabase;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Settings of the suite (jar, work directory, secret), the figure-line printer and small JSON helpers. */
final class E2e {
    /** The HS256 secret every started instance gets (≥ 32 bytes). */
    static final String SECRET = "e2e-reliability-suite-secret-of-at-least-32-bytes";
    static final ObjectMapper JSON = new ObjectMapper();

    private E2e() {
    }

    /** The fat jar under test: system property {@code e2e.jar} (set by failsafe), else the reactor's path. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("e2e.jar", "../bootstrap/target/exam-sessions.jar")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The jar under test " + jar + " does not exist: build it first with "
                    + "`mvn -B -DskipTests package` (or run `mvn -B verify -pl e2e -am`)");
        }
        return jar;
    }

    /** Where logs, process directories and the figures file go: {@code e2e/target/e2e}. */
    static Path workDir() {
        Path dir = Path.of(System.getProperty("e2e.workDir", "target/e2e")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Prints one figure line ({@code [e2e] …}) and appends it to {@code target/e2e/figures.txt}. */
    static synchronized void figure(String line) {
        String text = "[e2e] " + line;
        System.out.println(text);
        try {
            Files.writeString(workDir().resolve("figures.txt"), text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of an instance: PORT=0, the secret, a short drain, plus {@code keyValues}. */
    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "0");
        env.put("AUTH_SECRET", SECRET);
        env.put("SHUTDOWN_DRAIN", "5s");
        env.put("EXAM_START_RATE_LIMIT", "1000/m");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** Redis sessions and PostgreSQL attempts (the production set-up). */
    static Map<String, String> redisAndDatabase(RedisServerProcess redis, TestDatabase db, String... more) {
        Map<String, String> env = env("USE_REDIS", "true", "REDIS_URL", redis.url(), "DATABASE_URL", db.url());
        env.putAll(env(more));
        return env;
    }

    /** Redis sessions, attempts in the process's memory (the seed's single-instance set-up). */
    static Map<String, String> redisOnly(RedisServerProcess redis, String... more) {
        Map<String, String> env = env("USE_REDIS", "true", "REDIS_URL", redis.url());
        env.putAll(env(more));
        return env;
    }

    /** {@code answers} of an ExamState as question id → choice. */
    static Map<Long, String> answers(JsonNode state) {
        Map<Long, String> answers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : state.path("answers").properties()) {
            answers.put(Long.parseLong(e.getKey()), e.getValue().asText());
        }
        return answers;
    }

    static List<Long> questionIds(JsonNode state) {
        List<Long> ids = new ArrayList<>();
        state.path("questionIds").forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** How many entries of {@code expected} are missing from {@code actual} or have another value. */
    static long missing(Map<Long, String> expected, Map<Long, String> actual) {
        return expected.entrySet().stream().filter(e -> !e.getValue().equals(actual.get(e.getKey()))).count();
    }
}
