package dev.examsessions.web;

import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Browser rules at the edge: CORS headers (credentials allowed) only for the configured origins, preflight
 * answers (the API's own request headers plus the configured extra ones), and the origin test the CSRF rule uses.
 */
final class Cors {
    static final String PREFLIGHT_ATTRIBUTE = "exam-sessions.preflight";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final List<String> API_HEADERS = List.of("Authorization", "Content-Type", "If-Match",
            RequestGuard.REQUESTED_WITH, RequestIds.HEADER);
    /** Chromium caps a preflight's lifetime at 2 h (Firefox at 24 h): ask for the longest that counts. */
    static final String MAX_AGE_SECONDS = "7200";
    private static final String EXPOSED_HEADERS = "Location, Retry-After, ETag, " + RequestIds.HEADER;

    private final Set<String> allowed;
    private final String allowedHeaders;

    Cors(List<String> origins, List<String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(); // by lower-case name: header names are case-insensitive
        for (String h : API_HEADERS) {
            headers.putIfAbsent(h.toLowerCase(Locale.ROOT), h);
        }
        for (String h : extraHeaders) {
            headers.putIfAbsent(h.strip().toLowerCase(Locale.ROOT), h.strip());
        }
        this.allowedHeaders = String.join(", ", headers.values());
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            String n = normalize(origin);
            if (n != null) {
                normalized.add(n);
            }
        }
        this.allowed = Set.copyOf(normalized);
    }

    /** Runs before every request: adds CORS headers for allowed origins and answers preflight requests. */
    void before(Context ctx) {
        if (!allowed.isEmpty()) {
            ctx.header("Vary", "Origin");
        }
        String origin = ctx.header("Origin");
        boolean originAllowed = isListed(origin);
        if (originAllowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        if (ctx.method() == HandlerType.OPTIONS && origin != null
                && ctx.header("Access-Control-Request-Method") != null) {
            ctx.attribute(PREFLIGHT_ATTRIBUTE, Boolean.TRUE);
            if (!originAllowed) {
                throw new WebException(WebError.FORBIDDEN, "Origin " + origin + " may not call this API from a browser.");
            }
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", allowedHeaders);
            ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            ctx.status(204);
            ResponseDefaults.withoutBody(ctx); // the after-handlers do not run for a preflight
            ctx.skipRemainingHandlers();
        }
    }

    /** True when the origin is listed in CORS_ORIGINS. */
    boolean isListed(String origin) {
        String n = normalize(origin);
        return n != null && allowed.contains(n);
    }

    /** True when the origin is this service itself (same host and port as the request's Host header). */
    static boolean isOwn(String origin, String hostHeader) {
        if (origin == null || hostHeader == null) {
            return false;
        }
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null) {
                return false;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            URI host = new URI(scheme + "://" + hostHeader.trim());
            if (host.getHost() == null) {
                return false;
            }
            int hostPort = host.getPort() >= 0 ? host.getPort() : defaultPort(scheme);
            return uri.getHost().equalsIgnoreCase(host.getHost()) && port == hostPort;
        } catch (Exception e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** scheme://host[:port] in lower case without a trailing slash, or null when it is not an origin. */
    static String normalize(String origin) {
        if (origin == null) {
            return null;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.isEmpty() || o.equals("null") || !(o.startsWith("http://") || o.startsWith("https://"))) {
            return null;
        }
        return o;
    }
}
