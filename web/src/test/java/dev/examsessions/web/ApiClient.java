package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A {@code java.net.http} client for one running API on 127.0.0.1: bearer-authenticated JSON requests, each answer
 * passed to the caller's check (the OpenAPI contract at least); shared by the bootstrap and e2e suites through the
 * web test-jar.
 */
public final class ApiClient {
    /** One HTTP/1.1 client for every instance: connections are kept alive per port. */
    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What every response must pass before a test sees it. */
    @FunctionalInterface
    public interface Check {
        void check(HttpResponse<String> response);
    }

    private final String name;
    private final int port;
    private final Duration requestTimeout;
    private final Check check;

    /** {@code name} prefixes the failures, so a test driving several instances can tell them apart. */
    public ApiClient(String name, int port, Duration requestTimeout, Check check) {
        this.name = name;
        this.port = port;
        this.requestTimeout = requestTimeout;
        this.check = check;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request for {@code path}, with {@code Authorization: Bearer token} unless the token is null. */
    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** Sends with the request timeout; an I/O failure (no response) is an {@link UncheckedIOException}. */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            check.check(r);
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": no response: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with a JSON body, or with none when {@code json} is null. */
    public Response post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** Starts (or resumes) an exam and returns its state; fails unless 201 or 200. */
    public JsonNode start(String token, String examType, String mode) {
        Response r = post("/api/exams/select", token, "{\"examType\":\"" + examType + "\",\"mode\":\"" + mode + "\"}");
        assertTrue(r.status() == 201 || r.status() == 200, () -> name + " select: " + r);
        return r.json();
    }

    @Override
    public String toString() {
        return name + "@127.0.0.1:" + port;
    }

    /** A response: status, body, headers; the body parsed on demand. */
    public record Response(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The {@code code} of a problem answer. */
        public String code() {
            return json().path("code").asText();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
        }
    }
}
