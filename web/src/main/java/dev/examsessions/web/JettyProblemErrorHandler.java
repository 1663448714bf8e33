package dev.examsessions.web;

import dev.examsessions.domain.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (code == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
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
    static byte[] problem(int status, int jettyCode) {
        String code;
        String title;
        String detail;
        switch (status) {
            case 400 -> {
                code = ErrorCode.BAD_REQUEST.name();
                title = ProblemMapper.title(ErrorCode.BAD_REQUEST);
                detail = jettyCode == 505
                        ? "Unsupported HTTP version: send HTTP/1.1 (or HTTP/1.0) requests."
                        : "The HTTP request could not be parsed (check the URI encoding and headers).";
            }
            case 404 -> {
                code = WebError.NOT_FOUND.name();
                title = WebError.NOT_FOUND.title();
                detail = "There is no such route; see /openapi.json.";
            }
            case 413 -> {
                code = ErrorCode.PAYLOAD_TOO_LARGE.name();
                title = ProblemMapper.title(ErrorCode.PAYLOAD_TOO_LARGE);
                detail = "The request body is larger than 65536 bytes (64 KiB).";
            }
            case 414 -> {
                code = WebError.URI_TOO_LONG.name();
                title = WebError.URI_TOO_LONG.title();
                detail = "The request URI is too long.";
            }
            case 431 -> {
                code = WebError.HEADERS_TOO_LARGE.name();
                title = WebError.HEADERS_TOO_LARGE.title();
                detail = "The request headers are too large.";
            }
            case 503 -> {
                code = WebError.UNAVAILABLE.name();
                title = WebError.UNAVAILABLE.title();
                detail = "The server is shutting down or overloaded; retry shortly.";
            }
            default -> {
                WebError error = status >= 400 && status < 500 ? WebError.REQUEST_REFUSED : WebError.INTERNAL_ERROR;
                code = error.name();
                title = error.title();
                detail = error == WebError.REQUEST_REFUSED ? "The HTTP server refused the request (" + status + ")."
                        : "The server could not handle this request.";
            }
        }
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
