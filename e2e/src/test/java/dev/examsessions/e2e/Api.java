package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.web.ApiClient.Response;
import dev.examsessions.web.ApiClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One instance of the real jar driven as {@link User}s, every answer checked against the contract it serves. */
final class Api {
    static final HttpClient CLIENT = ApiClient.HTTP;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final ApiClient client;

    Api(String name, int port) {
        this.name = name;
        this.client = new ApiClient(name, port, REQUEST_TIMEOUT,
                r -> Contract.of(port).check(r, r.body().getBytes(StandardCharsets.UTF_8)));
    }

    static Api of(AppProcess app) {
        return new Api(app.name(), app.port());
    }

    String name() {
        return name;
    }

    int port() {
        return client.port();
    }

    URI uri(String path) {
        return client.uri(path);
    }

    HttpRequest.Builder req(User user, String path) {
        return client.request(path, token(user));
    }

    /** Sends; an I/O failure (no response) is an {@link java.io.UncheckedIOException}. */
    Response send(HttpRequest.Builder request) {
        return client.send(request);
    }

    Response get(User user, String path) {
        return client.get(path, token(user));
    }

    Response put(User user, String path, String json) {
        return client.put(path, token(user), json);
    }

    Response post(User user, String path, String json) {
        return client.post(path, token(user), json);
    }

    Response delete(User user, String path) {
        return client.delete(path, token(user));
    }

    Response health() {
        return client.get("/health", null);
    }

    // ---- the exam routes used by the scenarios -------------------------------------------------

    /** Starts (or resumes) an exam; fails unless 201/200. */
    JsonNode start(User user, String examType, String mode) {
        return client.start(token(user), examType, mode);
    }

    Response state(User user, String sessionId) {
        return get(user, "/api/exams/" + sessionId);
    }

    Response answer(User user, String sessionId, long questionId, String choice) {
        return put(user, "/api/exams/" + sessionId + "/answers/" + questionId,
                "{\"choice\":" + (choice == null ? "null" : "\"" + choice + "\"") + "}");
    }

    Response submit(User user, String sessionId) {
        return post(user, "/api/exams/" + sessionId + "/submit", null);
    }

    private static String token(User user) {
        return user == null ? null : user.token();
    }

    @Override
    public String toString() {
        return client.toString();
    }
}
