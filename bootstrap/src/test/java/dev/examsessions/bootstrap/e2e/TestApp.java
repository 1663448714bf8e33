package dev.examsessions.bootstrap.e2e;

import dev.examsessions.domain.fakes.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.bootstrap.AppConfig;
import dev.examsessions.bootstrap.Application;
import dev.examsessions.web.JwtTokens;
import dev.examsessions.web.OpenApiContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
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

/** The whole application on an ephemeral port with a movable clock, and a small HTTP client for it. */
final class TestApp implements AutoCloseable {
    static final String SECRET = "e2e-test-secret-that-is-at-least-32-bytes-long";
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
    final Application app;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestApp(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("AUTH_SECRET", SECRET);
        env.put("CORS_ORIGINS", "https://exam.example.com");
        env.put("SHUTDOWN_DRAIN", "2s");
        env.putAll(extraEnv);
        app = Application.start(AppConfig.fromEnv(env), clock);
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
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    Res send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = client.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // 503 STORE_UNAVAILABLE is a documented answer (and /health's DOWN); any other 5xx is a bug.
            boolean documented503 = r.statusCode() == 503
                    && (r.body().contains("\"STORE_UNAVAILABLE\"") || r.body().contains("\"DOWN\""));
            assertTrue(r.statusCode() < 500 || documented503, () -> "server error " + r.statusCode() + ": " + r.body());
            OpenApiContract.get().check(r, r.body().getBytes(StandardCharsets.UTF_8));
            return new Res(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder req(String path, long user) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token(user));
    }

    Res get(String path, long user) {
        return send(req(path, user).GET());
    }

    Res post(String path, long user, String json) {
        return send(req(path, user).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Res put(String path, long user, String json) {
        return send(req(path, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Res delete(String path, long user) {
        return send(req(path, user).DELETE());
    }

    /** Starts an exam and returns its state. */
    JsonNode start(long user, String examType, String mode) {
        Res r = post("/api/exams/select", user, "{\"examType\":\"" + examType + "\",\"mode\":\"" + mode + "\"}");
        assertTrue(r.status() == 201 || r.status() == 200, r::toString);
        return r.json();
    }

    @Override
    public void close() {
        app.close();
    }

    /** A response with its body parsed on demand. */
    record Res(HttpResponse<String> raw) {
        int status() {
            return raw.statusCode();
        }

        String body() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        String code() {
            return json().path("code").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
