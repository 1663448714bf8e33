package dev.examsessions.web;

import dev.examsessions.web.error.WebError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Problem JSON for the errors Jetty answers itself, before Javalin routes (bad URI encoding, oversized
 * headers, an unsupported HTTP version). A malformed request is always a 4xx, never labelled an internal error;
 * never echoes the server's internal messages.
 */
final class JettyProblemErrorHandler extends ErrorHandler {
    private static final String RETRY_SECONDS = "5";

    private final ProblemJson problems;

    JettyProblemErrorHandler(ProblemJson problems) {
        this.problems = problems;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        int status = publicStatus(code, cause);
        byte[] body = problem(status, code);
        response.setStatus(status);
        ProblemJson.jettyHeaders(response.getHeaders());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (code == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_SECONDS);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ProblemJson.jettyHeaders(fields);
        return ByteBuffer.wrap(problem(publicStatus(status, null), status));
    }

    /**
     * The status answered for a rejection Jetty made before routing. A malformed request is the client's fault
     * whatever status Jetty picked: 505 (HTTP/0.9, an unknown HTTP version), 501 (an unsupported framing) and any
     * 4xx the parser raised as an {@link HttpException} (a bad header, an unsupported Expect) become 400. The size
     * limits keep their own status (413, 414, 431); genuine server conditions (500, 503) stay what they are.
     */
    static int publicStatus(int code, Throwable cause) {
        return switch (code) {
            case 413, 414, 431 -> code;
            case 400, 501, 505 -> 400;
            default -> cause instanceof HttpException && code >= 400 && code < 500 ? 400 : code;
        };
    }

    /** The problem body for {@code status}; {@code jettyCode} is the status Jetty chose (505 gets its own detail). */
    byte[] problem(int status, int jettyCode) {
        return problems.body(problemFor(status, jettyCode), null); // never routed: no request id
    }

    private static Problem problemFor(int status, int jettyCode) {
        return switch (status) {
            case 400 -> Problem.of(WebError.BAD_REQUEST, jettyCode == 505
                    ? "Unsupported HTTP version: send HTTP/1.1 (or HTTP/1.0) requests."
                    : "The HTTP request could not be parsed (check the URI encoding and headers).");
            case 404 -> Problem.of(WebError.NOT_FOUND, "There is no such route; see /openapi.json.");
            case 413 -> Problem.of(WebError.PAYLOAD_TOO_LARGE, RequestGuard.TOO_LARGE);
            case 414 -> Problem.of(WebError.URI_TOO_LONG, "The request URI is too long.");
            case 431 -> Problem.of(WebError.HEADERS_TOO_LARGE, "The request headers are too large.");
            case 503 -> Problem.of(WebError.UNAVAILABLE, "The server is shutting down or overloaded; retry shortly.");
            default -> status >= 400 && status < 500
                    ? Problem.of(WebError.REQUEST_REFUSED, status, "The HTTP server refused the request (" + status + ").", Map.of())
                    : Problem.of(WebError.INTERNAL_ERROR, status, "The server could not handle this request.", Map.of());
        };
    }
}
