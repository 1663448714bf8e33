package dev.examsessions.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the HTTP server listens, how it authenticates, which browser origins it trusts and which extra request
 * headers they may send, how long it drains, and whether the dev sign-in route exists ({@code devSignIn}: dev
 * auth mode only).
 */
public record WebSettings(String host, int port /* 0 = ephemeral */, AuthSettings auth, List<String> corsOrigins,
                          List<String> corsAllowedHeaders, Duration shutdownDrain, boolean devSignIn) {
    /** Request headers a browser may send beyond the API's own: tracing (W3C Trace Context, Baggage, Sentry). */
    public static final List<String> DEFAULT_CORS_ALLOWED_HEADERS =
            List.of("traceparent", "tracestate", "baggage", "sentry-trace");

    /** Without the dev sign-in route (every set-up but dev auth mode). */
    public WebSettings(String host, int port, AuthSettings auth, List<String> corsOrigins,
                       List<String> corsAllowedHeaders, Duration shutdownDrain) {
        this(host, port, auth, corsOrigins, corsAllowedHeaders, shutdownDrain, false);
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
    }
}
