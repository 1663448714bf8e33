package dev.examsessions.e2e;

import dev.examsessions.web.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The {@code /openapi.json} the real jar serves, as the check every response of the suite must pass. */
final class Contract {
    private static OpenApiContract loaded;

    private Contract() {
    }

    /** The document of the instance on {@code port}, fetched once: every instance serves the same jar's. */
    static synchronized OpenApiContract of(int port) {
        if (loaded == null) {
            try {
                HttpResponse<String> r = Api.CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/openapi.json")).timeout(Api.REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /openapi.json answered " + r.statusCode());
                }
                loaded = OpenApiContract.of(r.body());
            } catch (IOException e) {
                throw new IllegalStateException("GET /openapi.json failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return loaded;
    }
}
