package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small HTTP/1.1 client for one instance, on {@code java.net.http}. */
final class Api {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final int port;

    Api(String name, int port) {
        this.name = name;
        this.port = port;
    }

    static Api of(AppProcess app) {
        return new Api(app.name(), app.port());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest.Builder req(User user, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT);
        return user == null ? b : b.header("Authorization", "Bearer " + user.token());
    }

    /** Sends; an I/O failure (no response) is an {@link UncheckedIOException}. */
    Res send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Contract.of(port).check(r, r.body().getBytes(StandardCharsets.UTF_8));
            return new Res(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": no response: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(User user, String path) {
        return send(req(user, path).GET());
    }

    Res put(User user, String path, String json) {
        return send(req(user, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Res post(User user, String path, String json) {
        return send(req(user, path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Res delete(User user, String path) {
        return send(req(user, path).DELETE());
    }

    Res health() {
        return send(req(null, "/health").GET());
    }

    // ---- the exam routes used by the scenarios -------------------------------------------------

    /** Starts (or resumes) an exam; fails unless 201/200. */
    JsonNode start(User user, String examType, String mode) {
        Res r = post(user, "/api/exams/select", "{\"examType\":\"" + examType + "\",\"mode\":\"" + mode + "\"}");
        assertTrue(r.status() == 201 || r.status() == 200, () -> name + " select: " + r);
        return r.json();
    }

    Res state(User user, String sessionId) {
        return get(user, "/api/exams/" + sessionId);
    }

    Res answer(User user, String sessionId, long questionId, String choice) {
        return put(user, "/api/exams/" + sessionId + "/answers/" + questionId,
                "{\"choice\":" + (choice == null ? "null" : "\"" + choice + "\"") + "}");
    }

    Res submit(User user, String sessionId) {
        return post(user, "/api/exams/" + sessionId + "/submit", null);
    }

    @Override
    public String toString() {
        return name + "@127.0.0.1:" + port;
    }

    /** A response: status, body, headers; the body parsed on demand. */
    record Res(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            return E2e.parse(body);
        }

        String code() {
            return json().path("code").asText();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
        }
    }
}
