package dev.examsessions.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The reference exam page: plain HTML, CSS and JavaScript modules from the classpath folder {@code /exam-page},
 * served at {@code /} on the API's own origin (so no CORS, and the cookie's SameSite=Strict holds).
 */
final class ExamPage {
    static final String CLASSPATH_DIR = "/exam-page";

    /**
     * The file names carry no content hash (there is no build step), so browsers revalidate every time
     * ({@code no-cache} with the ETag Javalin adds) and a new release is picked up at the next load. The CSP lets
     * the page load only its own files and talk only to its own origin.
     */
    static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-cache",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");

    private ExamPage() {
    }

    static void register(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_DIR;
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
            // Every text file is UTF-8 and says so (Jetty's defaults name no charset for these types).
            files.mimeTypes.add("text/html; charset=utf-8", "html");
            files.mimeTypes.add("text/javascript; charset=utf-8", "js");
            files.mimeTypes.add("text/css; charset=utf-8", "css");
            files.mimeTypes.add("image/svg+xml; charset=utf-8", "svg");
        });
    }
}
