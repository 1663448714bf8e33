package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.web.error.WebError;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes exactly the routes of the route table, including the dev-mode-only routes, which
 * it marks with {@code x-dev-only: true} (they exist only in dev auth mode, and a frontend team should see them).
 */
class OpenApiCoverageTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = OpenApiCoverageTest.class.getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json must be on the classpath");
            doc = new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> tableRoutes() {
        List<RouteTable.Route> routes = new java.util.ArrayList<>(
                RouteTable.routes(new ExamHandlers(null, null), new OpsHandlers(null, null, null)));
        routes.addAll(devRoutes());
        Set<String> out = new TreeSet<>();
        for (RouteTable.Route r : routes) {
            assertTrue(out.add(r.method().name() + " " + r.path()), "duplicate route " + r);
        }
        return out;
    }

    private static List<RouteTable.Route> devRoutes() {
        return RouteTable.devRoutes(new DevSignIn(null, null, null));
    }

    private static Set<String> documentedRoutes() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (HTTP_METHODS.contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }

    @Test
    void isOpenApi31() {
        assertTrue(doc.path("openapi").asText().startsWith("3.1."), "openapi version: " + doc.path("openapi"));
        assertFalse(doc.path("info").path("title").asText().isBlank());
    }

    @Test
    void everyRouteIsDescribedAndNothingElse() {
        Set<String> table = tableRoutes();
        Set<String> documented = documentedRoutes();
        Set<String> missing = new TreeSet<>(table);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(table);
        assertTrue(missing.isEmpty(), "routes missing from openapi.json: " + missing);
        assertTrue(extra.isEmpty(), "openapi.json describes routes the server does not have: " + extra);
        assertEquals(23, table.size());
    }

    @Test
    void exactlyTheDevRoutesAreMarkedDevOnly() {
        Set<String> dev = new TreeSet<>();
        devRoutes().forEach(r -> dev.add(r.path()));
        Set<String> marked = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> {
            if (p.getValue().path("x-dev-only").asBoolean(false)) {
                marked.add(p.getKey());
            }
        });
        assertEquals(Set.of("/dev/sign-in"), dev);
        assertEquals(dev, marked, "paths marked x-dev-only in openapi.json");
    }

    @Test
    void everyOperationHasAUniqueIdAndResponses() {
        Set<String> ids = new HashSet<>();
        doc.get("paths").forEach(path -> path.fields().forEachRemaining(e -> {
            if (HTTP_METHODS.contains(e.getKey())) {
                String id = e.getValue().path("operationId").asText();
                assertFalse(id.isBlank(), "operation without operationId");
                assertTrue(ids.add(id), "duplicate operationId " + id);
                assertTrue(e.getValue().path("responses").size() > 0, id + " has no responses");
            }
        }));
    }

    @Test
    void pathParametersAreDeclared() {
        doc.get("paths").fields().forEachRemaining(path -> {
            Set<String> names = new TreeSet<>();
            var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                names.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(op -> {
                Set<String> declared = new TreeSet<>();
                op.getValue().path("parameters").forEach(p -> {
                    JsonNode param = resolve(p);
                    if ("path".equals(param.path("in").asText())) {
                        declared.add(param.path("name").asText());
                    }
                });
                assertEquals(names, declared, op.getKey() + " " + path.getKey());
            });
        });
    }

    @Test
    void everyChangeToAnExamTakesIfMatchAndMayAnswer412() {
        Set<String> checked = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api/exams/{sessionId}")) {
                return;
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (Set.of("put", "post", "delete").contains(op.getKey())) {
                    String id = op.getValue().path("operationId").asText();
                    boolean ifMatch = false;
                    for (JsonNode p : op.getValue().path("parameters")) {
                        JsonNode param = resolve(p);
                        ifMatch |= "header".equals(param.path("in").asText()) && "If-Match".equals(param.path("name").asText());
                    }
                    assertTrue(ifMatch, id + " lacks the If-Match parameter");
                    assertTrue(op.getValue().path("responses").has("412"), id + " lacks 412");
                    checked.add(id);
                }
            });
        });
        assertEquals(7, checked.size(), checked.toString());
    }

    @Test
    void everyCodeTheServiceCanSendIsListedInTheDocumentAndInApiMd() throws Exception {
        Set<String> codes = new TreeSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            codes.add(c.name());
        }
        for (WebError c : WebError.values()) {
            codes.add(c.name());
        }
        Set<String> listed = new TreeSet<>();
        doc.at("/components/schemas/Problem/properties/code/enum").forEach(c -> listed.add(c.asText()));
        assertEquals(codes, listed, "the Problem code enum of openapi.json");
        String apiMd = Files.readString(Path.of("..", "docs", "API.md"));
        for (String code : codes) {
            assertTrue(apiMd.contains("`" + code + "`"), code + " is not in docs/API.md");
        }
    }

    @Test
    void everyCodeHasOneOwnerTheExamOrTheHttpEdge() {
        Set<String> exam = new TreeSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            exam.add(c.name());
        }
        for (WebError c : WebError.values()) {
            assertFalse(exam.contains(c.name()), c + " is both an exam refusal and a web error");
        }
    }

    @Test
    void problemStatusIsTheHttpStatusAndTheExamsIsExamStatus() {
        JsonNode props = doc.at("/components/schemas/Problem/properties");
        assertEquals("integer", props.path("status").path("type").asText());
        assertTrue(props.has("examStatus"));
    }

    @Test
    void everyReferenceResolves() {
        checkRefs(doc);
    }

    private static void checkRefs(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                assertFalse(resolve(node).isMissingNode(), "unresolved " + ref.asText());
            }
            node.forEach(OpenApiCoverageTest::checkRefs);
        } else if (node.isArray()) {
            node.forEach(OpenApiCoverageTest::checkRefs);
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        return doc.at(ref.asText().substring(1));
    }
}
