package dev.examsessions.web;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: turns every failure into RFC 9457 problem JSON with a stable {@code code}.
 * Refusals (the exam's and the edge's own) keep their message and fields; Javalin's own errors become 4xx problems;
 * anything else is a 500 whose detail never echoes the internal message (it is logged with a reference instead).
 */
final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    static final String UNREADABLE_BODY = "The request body could not be read completely.";

    private final ProblemJson problems;
    private final AllowedMethods allowed;

    ProblemMapper(ProblemJson problems, AllowedMethods allowed) {
        this.problems = problems;
        this.allowed = allowed;
    }

    /** Entry point for Javalin's exception mapping. */
    void handle(Exception e, Context ctx) {
        RuntimeException refusal = refusalIn(e);
        if (refusal instanceof ExamException exam) {
            fromExam(exam, ctx);
        } else if (refusal instanceof WebException web) {
            fromWeb(web, ctx);
        } else if (e instanceof HttpResponseException http) {
            fromJavalin(http, ctx);
        } else if (isUnreadableRequest(e)) {
            // The client's fault (a body that ended early, broken chunked framing): not logged as an error.
            LOG.debug("{} {} answered 400: the request body could not be read: {}", ctx.method(), routeOf(ctx),
                    e.toString());
            problems.write(ctx, Problem.of(WebError.BAD_REQUEST, UNREADABLE_BODY));
        } else {
            internalError(ctx, "Unexpected error on {} {} (reference {})", e);
        }
    }

    private void internalError(Context ctx, String logFormat, Exception e) {
        String reference = UUID.randomUUID().toString();
        LOG.error(logFormat, ctx.method(), routeOf(ctx), reference, e);
        problems.write(ctx, Problem.of(WebError.INTERNAL_ERROR, 500,
                "The server could not handle this request; it was logged with reference " + reference + ".",
                Map.of("reference", reference)));
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

    /** A refusal, also wrapped by another exception (futures, caches, a failed initCause), still answers as itself. */
    private static RuntimeException refusalIn(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth <= 10; depth++, t = t.getCause()) {
            if (t instanceof ExamException || t instanceof WebException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }

    private void fromExam(ExamException e, Context ctx) {
        Problem problem = ExamRefusals.problem(e);
        Long retry = ExamRefusals.retryAfterSeconds(e);
        if (retry != null) {
            ctx.header("Retry-After", retry.toString());
        }
        if (e.code() == ErrorCode.STORE_UNAVAILABLE) {
            LOG.warn("{} {} answered 503: {}", ctx.method(), routeOf(ctx), e.getMessage());
        } else {
            LOG.debug("{} {} answered {} {}: {}", ctx.method(), routeOf(ctx), problem.status(), e.code(), e.getMessage());
        }
        problems.write(ctx, problem);
    }

    private void fromWeb(WebException e, Context ctx) {
        if (e.error() == WebError.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"exam-sessions\"");
        }
        LOG.debug("{} {} answered {} {}: {}", ctx.method(), routeOf(ctx), e.error().status(), e.error(), e.getMessage());
        problems.write(ctx, Problem.of(e));
    }

    private void fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        switch (status) {
            case 404 -> problems.write(ctx, Problem.of(WebError.NOT_FOUND,
                    "There is no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json."));
            case 405 -> {
                // Javalin lists the methods of every template matching the path (DELETE of {sessionId} for
                // /api/exams/types): only the template that serves the path counts.
                String methods = allowed.of(ctx.path());
                if (!methods.isEmpty()) {
                    ctx.header("Allow", methods);
                }
                problems.write(ctx, Problem.of(WebError.METHOD_NOT_ALLOWED,
                        ctx.method() + " is not allowed here" + (methods.isEmpty() ? "." : "; use " + methods + ".")));
            }
            case 413 -> fromWeb(RequestGuard.tooLarge(), ctx);
            default -> {
                if (status >= 400 && status < 500) {
                    WebError error = status == 400 ? WebError.BAD_REQUEST : WebError.REQUEST_REFUSED;
                    problems.write(ctx, Problem.of(error, status, "The request was refused (" + status + ").", Map.of()));
                } else {
                    internalError(ctx, "HTTP " + status + " on {} {} (reference {})", e);
                }
            }
        }
    }

    private static String routeOf(Context ctx) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? "(unmatched)" : endpoint.path;
    }
}
