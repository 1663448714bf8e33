package dev.examsessions.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.ErrorCode;
import dev.examsessions.domain.ExamException;
import dev.examsessions.domain.SessionStoreUnavailable;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: turns every failure into RFC 9457 problem JSON with a stable {@code code}.
 * Domain refusals keep their message and fields; Javalin's own errors become 4xx problems; anything else is
 * a 500 whose detail never echoes the internal message (it is logged with a reference instead).
 */
final class ProblemMapper {
    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    private static final Set<String> RESERVED = Set.of("type", "title", "status", "code", "detail", "instance");
    private static final long DEFAULT_RETRY_SECONDS = 5;
    static final String UNREADABLE_BODY = "The request body could not be read completely.";

    private final ObjectMapper json;
    private final AllowedMethods allowed;

    ProblemMapper(ObjectMapper json, AllowedMethods allowed) {
        this.json = json;
        this.allowed = allowed;
    }

    /** HTTP status of each error code, as API.md's error table says. */
    static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN, CSRF_REJECTED -> 403;
            case SESSION_NOT_FOUND, QUESTION_NOT_FOUND -> 404;
            case EXAM_PAUSED, TIME_EXPIRED, SECTION_LOCKED, CHECKPOINT_NOT_REACHED, CHECKPOINT_CONSUMED,
                    EXAM_FINISHED, NOT_FINISHED -> 409;
            case VERSION_MISMATCH -> 412;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNKNOWN_EXAM_TYPE, INVALID_MODE, INVALID_CHOICE, INVALID_CHECKPOINT, INVALID_QUESTION_COUNT,
                    INVALID_EXTENSION, INVALID_RANGE, NOT_ENOUGH_QUESTIONS -> 422;
            case RATE_LIMITED -> 429;
            case STORE_UNAVAILABLE -> 503;
        };
    }

    static String title(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "Bad request";
            case UNAUTHENTICATED -> "Authentication required";
            case FORBIDDEN -> "Forbidden";
            case CSRF_REJECTED -> "Cross-site request refused";
            case SESSION_NOT_FOUND -> "Exam session not found";
            case QUESTION_NOT_FOUND -> "Question not found";
            case EXAM_PAUSED -> "Exam is paused";
            case TIME_EXPIRED -> "Time is up";
            case SECTION_LOCKED -> "Section is locked";
            case CHECKPOINT_NOT_REACHED -> "Checkpoint not reached";
            case CHECKPOINT_CONSUMED -> "Break already taken";
            case EXAM_FINISHED -> "Exam is finished";
            case NOT_FINISHED -> "Exam is not finished";
            case VERSION_MISMATCH -> "Version mismatch";
            case PAYLOAD_TOO_LARGE -> "Payload too large";
            case UNKNOWN_EXAM_TYPE -> "Unknown exam type";
            case INVALID_MODE -> "Invalid mode";
            case INVALID_CHOICE -> "Invalid choice";
            case INVALID_CHECKPOINT -> "Invalid checkpoint";
            case INVALID_QUESTION_COUNT -> "Invalid question count";
            case INVALID_EXTENSION -> "Invalid extension";
            case INVALID_RANGE -> "Invalid range";
            case NOT_ENOUGH_QUESTIONS -> "Not enough questions";
            case RATE_LIMITED -> "Too many new exams";
            case STORE_UNAVAILABLE -> "Service temporarily unavailable";
        };
    }

    /** Entry point for Javalin's exception mapping. */
    void handle(Exception e, Context ctx) {
        ExamException wrapped = e instanceof ExamException exam ? exam : wrappedExamException(e);
        if (wrapped != null) {
            fromExam(wrapped, ctx);
        } else if (e instanceof HttpResponseException http) {
            fromJavalin(http, ctx);
        } else if (isUnreadableRequest(e)) {
            // The client's fault (a body that ended early, broken chunked framing): not logged as an error.
            LOG.debug("{} {} answered 400: the request body could not be read: {}", ctx.method(), routeOf(ctx),
                    e.toString());
            write(ctx, 400, title(ErrorCode.BAD_REQUEST), ErrorCode.BAD_REQUEST.name(), UNREADABLE_BODY, Map.of());
        } else {
            String reference = UUID.randomUUID().toString();
            LOG.error("Unexpected error on {} {} (reference {})", ctx.method(), routeOf(ctx), reference, e);
            internalError(ctx, reference);
        }
    }

    private void internalError(Context ctx, String reference) {
        write(ctx, 500, WebError.INTERNAL_ERROR.title(), WebError.INTERNAL_ERROR.name(),
                "The server could not handle this request; it was logged with reference " + reference + ".",
                Map.of("reference", reference));
    }

    /**
     * True when the failure is the client's: Jetty could not read what the client sent (an end of stream before
     * the declared Content-Length, a malformed chunk, any bad-message rejection with a 4xx status), or the guard
     * failed reading the body. Looks through the cause chain, since servlet and Javalin layers wrap these.
     */
    static boolean isUnreadableRequest(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RequestGuard.UnreadableBody || t instanceof EofException) {
                return true;
            }
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return true;
            }
        }
        return false;
    }

    /** A refusal wrapped by another exception (futures, caches, a failed initCause) still answers as itself. */
    private static ExamException wrappedExamException(Throwable e) {
        Throwable t = e.getCause();
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof ExamException exam) {
                return exam;
            }
        }
        return null;
    }

    private void fromExam(ExamException e, Context ctx) {
        ErrorCode code = e.code();
        int status = status(code);
        Map<String, Object> fields = new LinkedHashMap<>(e.fields());
        if (code == ErrorCode.STORE_UNAVAILABLE || code == ErrorCode.RATE_LIMITED) {
            long seconds = retryAfterSeconds(e);
            fields.put("retryAfterSeconds", seconds);
            ctx.header("Retry-After", Long.toString(seconds));
        }
        if (code == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"exam-sessions\"");
        }
        if (code == ErrorCode.STORE_UNAVAILABLE) {
            LOG.warn("{} {} answered 503: {}", ctx.method(), routeOf(ctx), e.getMessage());
        } else {
            LOG.debug("{} {} answered {} {}: {}", ctx.method(), routeOf(ctx), status, code, e.getMessage());
        }
        write(ctx, status, title(code), code.name(), e.getMessage(), fields);
    }

    private void fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        switch (status) {
            case 404 -> write(ctx, 404, WebError.NOT_FOUND.title(), WebError.NOT_FOUND.name(),
                    "There is no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json.", Map.of());
            case 405 -> {
                // Javalin lists the methods of every template matching the path (DELETE of {sessionId} for
                // /api/exams/types): only the template that serves the path counts.
                String methods = allowed.of(ctx.path());
                if (!methods.isEmpty()) {
                    ctx.header("Allow", methods);
                }
                write(ctx, 405, WebError.METHOD_NOT_ALLOWED.title(), WebError.METHOD_NOT_ALLOWED.name(),
                        ctx.method() + " is not allowed here" + (methods.isEmpty() ? "." : "; use " + methods + "."),
                        Map.of());
            }
            case 413 -> fromExam(RequestGuard.tooLarge(), ctx);
            default -> {
                if (status >= 400 && status < 500) {
                    write(ctx, status, status == 400 ? title(ErrorCode.BAD_REQUEST) : WebError.REQUEST_REFUSED.title(),
                            status == 400 ? ErrorCode.BAD_REQUEST.name() : WebError.REQUEST_REFUSED.name(),
                            "The request was refused (" + status + ").", Map.of());
                } else {
                    String reference = UUID.randomUUID().toString();
                    LOG.error("HTTP {} on {} {} (reference {})", status, ctx.method(), routeOf(ctx), reference, e);
                    internalError(ctx, reference);
                }
            }
        }
    }

    private static long retryAfterSeconds(ExamException e) {
        if (e instanceof SessionStoreUnavailable unavailable && unavailable.retryAfter() != null) {
            return Math.max(1, unavailable.retryAfter().toSeconds());
        }
        Object field = e.fields().get("retryAfterSeconds");
        if (field instanceof Number n) {
            return Math.max(1, n.longValue());
        }
        return DEFAULT_RETRY_SECONDS;
    }

    private void write(Context ctx, int status, String title, String code, String detail, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        String requestId = RequestIds.of(ctx);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        fields.forEach((k, v) -> {
            // A field named like a problem member (e.g. an exam's status) must never shadow it: it is prefixed.
            String key = RESERVED.contains(k) ? "exam" + Character.toUpperCase(k.charAt(0)) + k.substring(1) : k;
            body.put(key, v);
        });
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body); // UTF-8, whatever the response's character encoding says
        } catch (JsonProcessingException ex) {
            bytes = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        ctx.status(status);
        ctx.contentType(PROBLEM_JSON);
        ctx.result(bytes);
    }

    private static String routeOf(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? "(unmatched)" : endpoint.path;
    }
}
