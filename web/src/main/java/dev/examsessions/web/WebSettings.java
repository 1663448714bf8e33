package dev.examsessions.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the HTTP server listens, how it authenticates, which browser origins it trusts and which extra request
 * headers they may send, how long it drains, whether the dev sign-in route exists ({@code devSignIn}: dev
 * auth mode only) and how many threads serve requests at most ({@code maxThreads}).
 */
public record WebSettings(String host, int port /* 0 = ephemeral */, AuthSettings auth, List<String> corsOrigins,
                          List<String> corsAllowedHeaders, Duration shutdownDrain, boolean devSignIn, int maxThreads) {
    /** Request headers a browser may send beyond the API's own: tracing (W3C Trace Context, Baggage, Sentry). */
    public static final List<String> DEFAULT_CORS_ALLOWED_HEADERS =
            List.of("traceparent", "tracestate", "baggage", "sentry-trace");

    /**
     * Threads of the HTTP server by default: enough to keep two cores busy while requests wait on Redis and
     * PostgreSQL; more only queue for the stores' connections, where a wait times out into a 503 (issue 10,
     * BENCHMARKS.md: at 64, answers got 503s from the 10-connection database pool; at 32, none). Requests beyond
     * them wait in the server's queue, which has no timeout.
     */
    public static final int DEFAULT_MAX_THREADS = 32;
    /** Fewer would not leave Jetty's acceptor and selector threads room to serve requests on a large machine. */
    public static final int MIN_MAX_THREADS = 16;

    /** With the default number of threads. */
    public WebSettings(String host, int port, AuthSettings auth, List<String> corsOrigins,
                       List<String> corsAllowedHeaders, Duration shutdownDrain, boolean devSignIn) {
        this(host, port, auth, corsOrigins, corsAllowedHeaders, shutdownDrain, devSignIn, DEFAULT_MAX_THREADS);
    }

    /** Without the dev sign-in route (every set-up but dev auth mode). */
    public WebSettings(String host, int port, AuthSettings auth, List<String> corsOrigins,
                       List<String> corsAllowedHeaders, Duration shutdownDrain) {
        this(host, port, auth, corsOrigins, corsAllowedHeaders, shutdownDrain, false, DEFAULT_MAX_THREADS);
    }

    /** Validates and defaults the settings. */
    public WebSettings {
        if (host == null || host.isBlank()) {
            host = "0.0.0.0";
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        Objects.requireNonNull(auth, "auth");
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        corsAllowedHeaders = corsAllowedHeaders == null ? DEFAULT_CORS_ALLOWED_HEADERS : List.copyOf(corsAllowedHeaders);
        if (shutdownDrain == null) {
            shutdownDrain = Duration.ofSeconds(10);
        }
        if (shutdownDrain.isNegative()) {
            throw new IllegalArgumentException("shutdownDrain must not be negative");
        }
        if (maxThreads < MIN_MAX_THREADS) {
            throw new IllegalArgumentException("maxThreads must be at least " + MIN_MAX_THREADS + ", not " + maxThreads);
        }
    }
}
