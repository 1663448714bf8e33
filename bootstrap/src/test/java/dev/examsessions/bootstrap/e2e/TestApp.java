package dev.examsessions.bootstrap.e2e;

import dev.examsessions.domain.fakes.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.bootstrap.AppConfig;
import dev.examsessions.bootstrap.Application;
import dev.examsessions.web.ApiClient;
import dev.examsessions.web.ApiClient.Response;
import dev.examsessions.web.JwtTokens;
import dev.examsessions.web.OpenApiContract;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole application in-process on an ephemeral port with a movable clock, driven through the shared {@link ApiClient}. */
final class TestApp implements AutoCloseable {
    static final String SECRET = "e2e-test-secret-that-is-at-least-32-bytes-long";
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
    final Application app;
    private final ApiClient client;

    TestApp(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("AUTH_SECRET", SECRET);
        env.put("CORS_ORIGINS", "https://exam.example.com");
        env.put("SHUTDOWN_DRAIN", "2s");
        env.putAll(extraEnv);
        app = Application.start(AppConfig.fromEnv(env), clock);
        client = new ApiClient("app", app.port(), Duration.ofSeconds(30), TestApp::check);
    }

    TestApp() {
        this(Map.of());
    }

    /** A fresh user id so tests never share state. */
    static long newUser() {
        return ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000L);
    }

    String token(long userId) {
        return JwtTokens.issue(new dev.examsessions.web.AuthSettings(SECRET.getBytes(), null, null), userId, List.of(),
                // Tokens are checked against the wall clock, not the exam clock the test moves.
                Instant.now(), Instant.now().plus(Duration.ofHours(1)));
    }

    URI uri(String path) {
        return client.uri(path);
    }

    Response send(HttpRequest.Builder builder) {
        return client.send(builder);
    }

    HttpRequest.Builder req(String path, long user) {
        return client.request(path, token(user));
    }

    Response get(String path, long user) {
        return client.get(path, token(user));
    }

    Response post(String path, long user, String json) {
        return client.post(path, token(user), json);
    }

    Response put(String path, long user, String json) {
        return client.put(path, token(user), json);
    }

    Response delete(String path, long user) {
        return client.delete(path, token(user));
    }

    /** Starts an exam and returns its state. */
    JsonNode start(long user, String examType, String mode) {
        return client.start(token(user), examType, mode);
    }

    /** 503 STORE_UNAVAILABLE is a documented answer (and /health's DOWN); any other 5xx is a bug. */
    private static void check(HttpResponse<String> r) {
        boolean documented503 = r.statusCode() == 503
                && (r.body().contains("\"STORE_UNAVAILABLE\"") || r.body().contains("\"DOWN\""));
        assertTrue(r.statusCode() < 500 || documented503, () -> "server error " + r.statusCode() + ": " + r.body());
        OpenApiContract.get().check(r, r.body().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        app.close();
    }
}
