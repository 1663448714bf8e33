package dev.examsessions.web.error;

/** The problem codes only the HTTP edge answers with (an exam's refusals are the domain's ErrorCode): status and title. */
public enum WebError {
    BAD_REQUEST(400, "Bad request"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    CSRF_REJECTED(403, "Cross-site request refused"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    URI_TOO_LONG(414, "URI too long"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    /** Any other 4xx of the HTTP server itself, answered with the status the server chose. */
    REQUEST_REFUSED(400, "Request refused"),
    /** A bug, or another 5xx the server chose (then answered with that status). */
    INTERNAL_ERROR(500, "Internal server error"),
    UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    WebError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
