package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds every response a test receives to what {@code /openapi.json} declares for its operation and status: the
 * status must be declared, the media type must be one the response declares, and a JSON body must match the
 * declared schema; a path without the method must be a 405 whose Allow lists the declared methods, an unknown path
 * a 404 problem.
 */
public final class OpenApiContract {
    private static final String DOC_IRI = "https://exam-sessions.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** What the HTTP server answers before routing (bad URI or version, oversized URI or headers). */
    private static final Set<Integer> PRE_ROUTING = Set.of(400, 414, 431);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final List<Template> templates;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** One path template of the document, as a pattern. */
    private record Template(String path, Pattern pattern, int variables) {
    }

    private OpenApiContract(String text) throws IOException {
        this.doc = JSON.readTree(text);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(DOC_IRI, text)));
        List<Template> list = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(p -> list.add(new Template(p,
                Pattern.compile(p.replaceAll("\\{[^}]+}", "[^/]+")), p.split("\\{", -1).length - 1)));
        // Fixed segments win over variables, as in the route table (/api/exams/types before /api/exams/{sessionId}).
        list.sort(Comparator.comparingInt(Template::variables));
        this.templates = List.copyOf(list);
        // Compile every schema now: a first check may not cost seconds inside a timed test (a shutdown drain).
        schema(doc.at("/components/schemas/Problem"));
        doc.get("paths").forEach(item -> item.forEach(op -> op.path("responses").forEach(r ->
                resolve(r).path("content").forEach(media -> {
                    if (media.has("schema")) {
                        schema(media.get("schema"));
                    }
                }))));
    }

    private static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json must be on the classpath");
            return new OpenApiContract(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json is unreadable", e);
        }
    }

    /** Loaded on first use: modules without the web jar on the classpath use {@link #of(String)} only. */
    private static final class Classpath {
        static final OpenApiContract INSTANCE = load();
    }

    /** The contract of the document on the classpath. */
    public static OpenApiContract get() {
        return Classpath.INSTANCE;
    }

    /** The contract of a document given as text (e.g. the one a running instance serves). */
    public static OpenApiContract of(String documentText) {
        try {
            return new OpenApiContract(documentText);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an OpenAPI document", e);
        }
    }

    /** Checks a response {@code java.net.http} received; {@code body} is its body as received. */
    public void check(HttpResponse<?> r, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        URI uri = r.request().uri();
        check(r.request().method(), uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                r.statusCode(), headers, body);
    }

    /**
     * Checks one response. {@code headers} maps lower-case names to values (the first of each); {@code body} is
     * empty for HEAD and bodiless answers. CORS preflights are not operations and are not checked.
     */
    public void check(String method, String pathAndQuery, int status, Map<String, String> headers, byte[] body) {
        String m = method.toLowerCase(Locale.ROOT);
        if (m.equals("options")) {
            return;
        }
        boolean head = m.equals("head");
        String lookup = head ? "get" : m;
        String path = pathAndQuery.split("\\?", 2)[0];
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // the server ignores one trailing slash (docs/API.md)
        }
        String what = method + " " + pathAndQuery + " → " + status;
        String routed = path;
        List<Template> matching = templates.stream().filter(t -> t.pattern().matcher(routed).matches()).toList();
        if (matching.isEmpty()) {
            assertTrue(status == 404 || PRE_ROUTING.contains(status), what + ": a path the document does not have");
            problem(what, status, headers, body, head);
            return;
        }
        // The first template that has the method serves it (GET /api/exams/select is {sessionId} with an unknown id).
        Template template = matching.stream().filter(t -> doc.get("paths").get(t.path()).has(lookup)).findFirst()
                .orElse(matching.get(0));
        JsonNode pathItem = doc.get("paths").get(template.path());
        JsonNode operation = pathItem.get(lookup);
        if (operation == null && PRE_ROUTING.contains(status)) {
            problem(what, status, headers, body, head); // the HTTP server refused the request before routing
            return;
        }
        if (operation == null) {
            assertEquals(405, status, what + ": " + method + " is not declared on " + template.path());
            Set<String> declared = new TreeSet<>();
            pathItem.fieldNames().forEachRemaining(n -> {
                if (METHODS.contains(n)) {
                    declared.add(n.toUpperCase(Locale.ROOT));
                }
            });
            if (declared.contains("GET")) {
                declared.add("HEAD");
            }
            String allow = headers.get("allow");
            assertNotNull(allow, what + ": a 405 needs Allow");
            Set<String> allowed = new TreeSet<>();
            for (String a : allow.split(",")) {
                allowed.add(a.trim().toUpperCase(Locale.ROOT));
            }
            allowed.remove("OPTIONS");
            assertEquals(declared, allowed, what + ": Allow must list exactly the declared methods");
            problem(what, status, headers, body, head);
            return;
        }
        JsonNode response = operation.path("responses").get(Integer.toString(status));
        if (response == null) {
            response = operation.path("responses").get("default");
        }
        if (response == null) {
            fail(what + ": status " + status + " is not declared for " + operation.path("operationId").asText()
                    + "; body: " + new String(body, StandardCharsets.UTF_8));
        }
        response = resolve(response);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertEquals(0, body.length, what + ": declared without a body");
            assertEquals(null, headers.get("content-type"), what + ": a response without a body has no Content-Type");
            return;
        }
        String type = headers.get("content-type");
        assertNotNull(type, what + ": no Content-Type");
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        JsonNode declared = content.get(media);
        assertNotNull(declared, what + ": media type " + media + " is not declared (" + content.fieldNames().next() + ")");
        if (!head && media.endsWith("json")) {
            validate(what, declared.path("schema"), body);
        }
    }

    private void problem(String what, int status, Map<String, String> headers, byte[] body, boolean head) {
        String type = headers.getOrDefault("content-type", "");
        assertTrue(type.startsWith("application/problem+json"), what + ": Content-Type " + type);
        if (!head) {
            JsonNode problem = validate(what, doc.at("/components/schemas/Problem"), body);
            assertEquals(status, problem.path("status").asInt(), what);
        }
    }

    private JsonNode validate(String what, JsonNode schemaNode, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<Error> errors = schema(schemaNode).validate(text, InputFormat.JSON);
        assertTrue(errors.isEmpty(), () -> what + " does not match " + schemaNode + ": " + errors + "\nbody: " + text);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + text, e);
        }
    }

    private Schema schema(JsonNode schemaNode) {
        return schemas.computeIfAbsent(schemaNode.toString(), s ->
                registry.getSchema(s.replace("\"#/components/", "\"" + DOC_IRI + "#/components/"), InputFormat.JSON));
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : doc.at(ref.asText().substring(1));
    }
}
