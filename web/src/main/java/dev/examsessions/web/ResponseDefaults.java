package dev.examsessions.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** What every response gets: a UTF-8 body (RFC 8259) that says so, and on {@code /api/**} {@code Cache-Control: no-store}. */
final class ResponseDefaults {
    static final String API_PREFIX = "/api/";
    static final String JSON = "application/json";
    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private ResponseDefaults() {
    }

    /** Runs before every other handler, so error answers carry the same defaults as successes. */
    static void before(Context ctx) {
        // Without it, a body written as text (problem JSON, echoed input) is encoded in the servlet default ISO-8859-1.
        ctx.res().setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (isApi(ctx.path())) {
            // The exam timer moves without a version change: no cache may hand a client an old state.
            ctx.header("Cache-Control", "no-store");
        }
    }

    /**
     * Runs after the handlers: Javalin labels JSON without a charset (Jetty assumes UTF-8, some clients do not), and
     * gives every response its default text/plain type, also a 204 that has no body to describe.
     */
    static void after(Context ctx) {
        if (ctx.statusCode() == 204 || ctx.statusCode() == 304) {
            withoutBody(ctx);
        } else if (JSON.equals(ctx.res().getContentType())) {
            ctx.contentType(JSON_UTF8);
        }
    }

    /** A response without a body has no Content-Type (Javalin starts every response as text/plain). */
    static void withoutBody(Context ctx) {
        ctx.res().setContentType(null);
    }

    static boolean isApi(String path) {
        return path != null && path.startsWith(API_PREFIX);
    }
}
