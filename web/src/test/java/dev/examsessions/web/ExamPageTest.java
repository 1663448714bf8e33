package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.model.ExamType;
import dev.examsessions.domain.model.PausePolicy;
import dev.examsessions.domain.fakes.FakeSessionPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exam page's static files (types, charset, caching, CSP) and the dev sign-in route, with it and without. */
class ExamPageTest {
    private static final byte[] SECRET = "exam-page-test-secret-exam-page-test!".getBytes(StandardCharsets.UTF_8);
    private static final AuthSettings AUTH = new AuthSettings(SECRET, null, null);
    private static final List<String> PAGE_FILES = pageFiles();
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** index.html, app.css and every module under js/, as the build put them on the classpath. */
    private static List<String> pageFiles() {
        try (java.util.stream.Stream<java.nio.file.Path> js = java.nio.file.Files.list(java.nio.file.Path.of(
                ExamPageTest.class.getResource(ExamPage.CLASSPATH_DIR + "/js").toURI()))) {
            List<String> files = new java.util.ArrayList<>(List.of("index.html", "app.css"));
            js.map(f -> "js/" + f.getFileName()).sorted().forEach(files::add);
            return List.copyOf(files);
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the page's modules", e);
        }
    }

    private static WebMetrics devMetrics;
    private static WebMetrics prodMetrics;
    private static HttpApi dev;
    private static HttpApi prod;

    @BeforeAll
    static void start() {
        devMetrics = new WebMetrics();
        prodMetrics = new WebMetrics();
        dev = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(), null, Duration.ofSeconds(1), true),
                service(devMetrics), devMetrics);
        prod = HttpApi.start(new WebSettings("127.0.0.1", 0, AUTH, List.of(), null, Duration.ofSeconds(1)),
                service(prodMetrics), prodMetrics);
    }

    private static ExamService service(WebMetrics metrics) {
        ExamType mini = new ExamType("mini", "Mini exam", 4, 30, new PausePolicy(List.of(2), 60_000));
        FakeSessionPort sessions = FakePorts.sessions();
        return new ExamService(sessions, new FakePorts.Attempts(), FakePorts.bank(10), FakePorts.catalog(mini),
                key -> Optional.empty(), metrics, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        dev.stop();
        prod.stop();
        devMetrics.close();
        prodMetrics.close();
    }

    private static HttpResponse<String> send(HttpApi api, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void thePageIsServedAtTheRootAsUtf8HtmlThatRevalidates() {
        for (HttpApi api : List.of(dev, prod)) {
            HttpResponse<String> r = send(api, "GET", "/", null);
            assertEquals(200, r.statusCode());
            assertEquals("text/html;charset=utf-8", header(r, "Content-Type").replace(" ", "").toLowerCase());
            assertEquals("no-cache", header(r, "Cache-Control"));
            assertEquals("nosniff", header(r, "X-Content-Type-Options"));
            assertTrue(header(r, "Content-Security-Policy").contains("default-src 'self'"), header(r, "Content-Security-Policy"));
            assertTrue(r.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), r.body());
        }
    }

    @Test
    void everyFileHasItsTypeWithCharsetAndAnETagThatAnswers304() {
        for (String file : PAGE_FILES) {
            HttpResponse<String> r = send(dev, "GET", "/" + file, null);
            assertEquals(200, r.statusCode(), file);
            String type = header(r, "Content-Type").replace(" ", "").toLowerCase();
            String expected = file.endsWith(".html") ? "text/html" : file.endsWith(".css") ? "text/css" : "text/javascript";
            assertEquals(expected + ";charset=utf-8", type, file);
            String etag = header(r, "ETag");
            assertNotNull(etag, file);
            assertEquals(304, send(dev, "GET", "/" + file, null, "If-None-Match", etag).statusCode(), file);
        }
    }

    @Test
    void everyModuleImportNamesAFileOfThePage() throws IOException {
        assertTrue(PAGE_FILES.containsAll(List.of("js/app.js", "js/exam.js", "js/autosave.js", "js/clock.js")), PAGE_FILES::toString);
        for (String file : PAGE_FILES) {
            if (!file.endsWith(".js")) {
                continue;
            }
            try (InputStream in = ExamPageTest.class.getResourceAsStream(ExamPage.CLASSPATH_DIR + "/" + file)) {
                assertNotNull(in, file);
                Matcher m = IMPORT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    assertTrue(PAGE_FILES.contains("js/" + m.group(1)), file + " imports " + m.group(1));
                }
            }
        }
    }

    @Test
    void pageFilesAreOneMetricsSeries() {
        send(dev, "GET", "/", null);
        send(dev, "GET", "/js/exam.js", null);
        String scrape = devMetrics.scrape();
        assertTrue(scrape.contains("uri=\"STATIC\""), scrape);
        assertTrue(!scrape.contains("exam.js"), "no series per file");
    }

    @Test
    void anUnknownFileIsAProblem404() {
        HttpResponse<String> r = send(dev, "GET", "/js/nope.js", null);
        assertEquals(404, r.statusCode());
        assertTrue(header(r, "Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void devSignInSetsAnHttpOnlyStrictCookieThatSignsTheUserIn() throws IOException {
        HttpResponse<String> r = send(dev, "POST", "/dev/sign-in", "{\"userId\":42}", "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", header(r, "Cache-Control"));
        assertTrue(header(r, "Content-Type").toLowerCase().contains("charset=utf-8"));
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals(42, body.path("userId").asLong());
        String cookie = header(r, "Set-Cookie");
        assertTrue(cookie.startsWith("sessionToken="), cookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=86400")) {
            assertTrue(cookie.contains(attribute), cookie + " lacks " + attribute);
        }
        String token = cookie.substring("sessionToken=".length(), cookie.indexOf(';'));
        assertEquals(42, new JwtTokens(AUTH).verify(token).userId());

        String sent = "sessionToken=" + token;
        assertEquals(200, send(dev, "GET", "/api/exams/types", null, "Cookie", sent).statusCode());
        // The cookie follows the CSRF rule: a change needs JSON (or an allowed Origin).
        HttpResponse<String> plain = send(dev, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\"}",
                "Cookie", sent, "Content-Type", "text/plain");
        assertEquals(403, plain.statusCode());
        assertTrue(plain.body().contains("CSRF_REJECTED"));
        HttpResponse<String> json = send(dev, "POST", "/api/exams/select", "{\"examType\":\"mini\",\"mode\":\"exam\"}",
                "Cookie", sent, "Content-Type", "application/json");
        assertEquals(201, json.statusCode(), json.body());
    }

    @Test
    void devSignInRefusesFormsAndBadIds() {
        HttpResponse<String> form = send(dev, "POST", "/dev/sign-in", "userId=1",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(403, form.statusCode());
        assertTrue(form.body().contains("CSRF_REJECTED"));
        assertEquals(null, header(form, "Set-Cookie"));
        for (String bad : List.of("{}", "{\"userId\":0}", "{\"userId\":-3}", "{\"userId\":\"7\"}", "{\"userId\":1.5}", "[]")) {
            HttpResponse<String> r = send(dev, "POST", "/dev/sign-in", bad, "Content-Type", "application/json");
            assertEquals(400, r.statusCode(), bad + " → " + r.body());
            assertEquals(null, header(r, "Set-Cookie"), bad);
        }
    }

    @Test
    void withoutDevModeTheRouteDoesNotExist() {
        HttpResponse<String> r = send(prod, "POST", "/dev/sign-in", "{\"userId\":1}", "Content-Type", "application/json");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("NOT_FOUND"), r.body());
        assertEquals(null, header(r, "Set-Cookie"));
    }
}
