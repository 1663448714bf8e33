package dev.examsessions.web;

import dev.examsessions.web.error.WebError;
import dev.examsessions.web.error.WebException;
import java.util.Map;

/** One RFC 9457 answer before it is written: status, title, stable code, detail for the client, extra fields. */
record Problem(int status, String title, String code, String detail, Map<String, Object> fields) {

    static Problem of(WebError error, String detail) {
        return of(error, error.status(), detail, Map.of());
    }

    /** For the catch-alls ({@code REQUEST_REFUSED}, {@code INTERNAL_ERROR}), which answer with the status the server chose. */
    static Problem of(WebError error, int status, String detail, Map<String, Object> fields) {
        return new Problem(status, error.title(), error.name(), detail, fields);
    }

    static Problem of(WebException e) {
        return of(e.error(), e.error().status(), e.getMessage(), e.fields());
    }
}
