package dev.examsessions.web;

import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Runs in front of every route: body size limit, authentication (bearer header over the cookie), the admin
 * role, and the CSRF rule for cookie-authenticated changes. Reads the body once so handlers never see more
 * than {@link #MAX_BODY_BYTES}.
 */
final class RequestGuard {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "The request body is larger than " + MAX_BODY_BYTES + " bytes (64 KiB).";
    static final String COOKIE = "sessionToken";
    /** A custom header a page cannot send cross-site without a preflight: proof enough for the CSRF rule. */
    static final String REQUESTED_WITH = "X-Requested-With";
    private static final String BODY_ATTRIBUTE = "exam-sessions.body";

    private final JwtTokens tokens;
    private final Cors cors;

    RequestGuard(JwtTokens tokens, Cors cors) {
        this.tokens = tokens;
        this.cors = cors;
    }

    Handler wrap(RouteTable.Route route) {
        return ctx -> {
            checkDeclaredLength(ctx);
            Caller caller = null;
            if (route.access() != RouteTable.Access.PUBLIC) {
                Authenticated auth = authenticate(ctx);
                if (route.access() == RouteTable.Access.ADMIN && !auth.caller().admin()) {
                    throw new WebException(WebError.FORBIDDEN, "This route needs the admin role.");
                }
                if (auth.byCookie() && isMutating(ctx.method())) {
                    checkCsrf(ctx);
                }
                caller = auth.caller();
            }
            if (isMutating(ctx.method())) {
                ctx.attribute(BODY_ATTRIBUTE, readBody(ctx));
            }
            route.handler().handle(ctx, caller);
        };
    }

    /** The request body read by the guard (empty for GET or no body). */
    static byte[] body(Context ctx) {
        byte[] body = ctx.attribute(BODY_ATTRIBUTE);
        return body == null ? new byte[0] : body;
    }

    private record Authenticated(Caller caller, boolean byCookie) {
    }

    private Authenticated authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            String h = header.trim();
            if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("Bearer ")) {
                throw JwtTokens.unauthenticated("The Authorization header must be 'Bearer <token>'.");
            }
            String token = h.substring(7).trim();
            if (token.isEmpty()) {
                throw JwtTokens.unauthenticated("The Authorization header carries no token.");
            }
            return new Authenticated(tokens.verify(token), false);
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && !cookie.isBlank()) {
            return new Authenticated(tokens.verify(cookie.trim()), true);
        }
        throw JwtTokens.unauthenticated("Sign in: send 'Authorization: Bearer <token>' or the sessionToken cookie.");
    }

    private void checkCsrf(Context ctx) {
        String requestedWith = ctx.header(REQUESTED_WITH);
        if (isJson(ctx.header("Content-Type")) || (requestedWith != null && !requestedWith.isBlank())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && (cors.isListed(origin) || Cors.isOwn(origin, ctx.header("Host")))) {
            return;
        }
        throw new WebException(WebError.CSRF_REJECTED, "A change authenticated by the cookie needs "
                + "'Content-Type: application/json', an 'X-Requested-With' header, or an allowed Origin header.");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return media.toLowerCase(Locale.ROOT).equals("application/json");
    }

    static boolean isMutating(HandlerType method) {
        return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.DELETE
                || method == HandlerType.PATCH;
    }

    private static void checkDeclaredLength(Context ctx) {
        String declared = ctx.header("Content-Length");
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new WebException(WebError.BAD_REQUEST, "Content-Length must be a number of bytes.");
        }
        if (length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
    }

    private static byte[] readBody(Context ctx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int total = 0;
        int n;
        try {
            InputStream in = ctx.req().getInputStream();
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // The client sent less than it announced, or broke the framing: its fault, answered 400.
            throw new UnreadableBody(e);
        }
        return out.toByteArray();
    }

    /** Reading the request body failed (early end of stream, broken chunked framing, reset connection). */
    static final class UnreadableBody extends RuntimeException {
        UnreadableBody(IOException cause) {
            super("the request body could not be read: " + cause, cause);
        }
    }

    static WebException tooLarge() {
        return new WebException(WebError.PAYLOAD_TOO_LARGE, TOO_LARGE, java.util.Map.of("maxBytes", MAX_BODY_BYTES));
    }
}
