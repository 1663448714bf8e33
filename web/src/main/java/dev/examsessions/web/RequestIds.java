package dev.examsessions.web;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** One id per request: the caller's {@code X-Request-Id} when sane, else a new UUID; echoed and put in the log MDC. */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final String ATTRIBUTE = "examsessions.requestId";
    /** What a forwarded id may look like: no spaces, quotes or control characters that could forge log lines. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    static void before(Context ctx) {
        String id = accept(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** Called once the response is written: the thread goes back to the pool without the id. */
    static void after() {
        MDC.remove(MDC_KEY);
    }

    /** The request's id (null when the request never reached the router). */
    static String of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    static String accept(String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : newId();
    }

    /**
     * A random (version 4) UUID. A request id must be unique, not secret: {@code UUID.randomUUID()} draws from one
     * shared {@code SecureRandom} that every request thread would queue for; a thread-local generator does not.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
