package dev.examsessions.web;

/** The problem codes only the HTTP edge answers with (an exam's refusals are the domain's ErrorCode), with titles. */
enum WebError {
    NOT_FOUND("Not found"),
    METHOD_NOT_ALLOWED("Method not allowed"),
    URI_TOO_LONG("URI too long"),
    HEADERS_TOO_LARGE("Request headers too large"),
    REQUEST_REFUSED("Request refused"),
    INTERNAL_ERROR("Internal server error"),
    UNAVAILABLE("Service unavailable");

    private final String title;

    WebError(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
