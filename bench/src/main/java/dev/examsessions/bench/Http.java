package dev.examsessions.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny blocking JSON client for the set-up and the probe; any status other than the expected ones fails. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** As {@link #send}, but a 503 (store busy or unavailable) is retried up to 10 times, 0.5 s apart. */
    String sendRetrying(String method, String path, String token, String body, int... expected)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return send(method, path, token, body, expected);
            } catch (IOException e) {
                if (attempt >= 10 || !e.getMessage().contains(" answered 503")) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Sends the request and returns the body; {@code body} null means no body. */
    String send(String method, String path, String token, String body, int... expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (int e : expected) {
            if (r.statusCode() == e) {
                return r.body();
            }
        }
        throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
}
