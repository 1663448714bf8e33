package dev.examsessions.web.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP edge refused a request itself (authentication, CSRF, body size, syntax): a web code, a message and fields. */
public final class WebException extends RuntimeException {
    private final WebError error;
    private final Map<String, Object> fields;

    public WebException(WebError error, String message) {
        this(error, message, Map.of());
    }

    public WebException(WebError error, String message, Map<String, Object> fields) {
        super(message, null, false, false);
        this.error = error;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public WebError error() {
        return error;
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
