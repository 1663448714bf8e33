package dev.examsessions.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** The one writer of problem JSON, for the exception mapper and Jetty's error handler alike. */
final class ProblemJson {
    static final String MEDIA_TYPE = "application/problem+json; charset=utf-8";
    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "code", "detail", "instance");

    private final ObjectMapper json;

    ProblemJson(ObjectMapper json) {
        this.json = json;
    }

    /** Answers through Javalin; Cache-Control is already set by {@link ResponseDefaults} (no-store on /api/**). */
    void write(Context ctx, Problem problem) {
        byte[] bytes = body(problem, RequestIds.of(ctx));
        ctx.status(problem.status());
        ctx.contentType(MEDIA_TYPE);
        ctx.result(bytes);
    }

    /** The headers of an answer Jetty gives before routing, where {@link ResponseDefaults} never ran: never stored. */
    static void jettyHeaders(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** UTF-8 JSON: the members, the request id when the request was routed, then the problem's fields. */
    byte[] body(Problem problem, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("code", problem.code());
        body.put("detail", problem.detail());
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        problem.fields().forEach((k, v) -> {
            // A field named like a problem member (e.g. an exam's status) must never shadow it: it is prefixed.
            String key = MEMBERS.contains(k) ? "exam" + Character.toUpperCase(k.charAt(0)) + k.substring(1) : k;
            body.put(key, v);
        });
        try {
            return json.writeValueAsBytes(body); // UTF-8, whatever the response's character encoding says
        } catch (JsonProcessingException e) {
            return ("{\"type\":\"about:blank\",\"title\":\"" + problem.title() + "\",\"status\":" + problem.status()
                    + ",\"code\":\"" + problem.code() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
