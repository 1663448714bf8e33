package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The response check can fail: each rule of {@link OpenApiContract} refuses a response that breaks it. */
class OpenApiContractTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.get();
    private static final Map<String, String> JSON = Map.of("content-type", "application/json; charset=utf-8");
    private static final Map<String, String> PROBLEM = Map.of("content-type", "application/problem+json; charset=utf-8");
    private static final String TYPES = "[{\"examType\":\"pmp\",\"title\":\"PMP\",\"questionCount\":180,"
            + "\"durationMinutes\":230,\"pausePolicy\":{\"checkpoints\":[60],\"durationMs\":600000}}]";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDeclaredResponseThatMatchesItsSchemaPasses() {
        CONTRACT.check("GET", "/api/exams/types", 200, JSON, bytes(TYPES));
        CONTRACT.check("HEAD", "/api/exams/types", 200, JSON, new byte[0]);
    }

    @Test
    void aBodyThatBreaksTheSchemaFails() {
        assertThrows(AssertionError.class, () -> CONTRACT.check("GET", "/api/exams/types", 200, JSON,
                bytes(TYPES.replace("180", "\"many\""))));
        assertThrows(AssertionError.class, () -> CONTRACT.check("GET", "/api/exams/types", 200, JSON,
                bytes("[{\"examType\":\"pmp\"}]")));
    }

    @Test
    void anUndeclaredStatusOrMediaTypeFails() {
        assertThrows(AssertionError.class, () -> CONTRACT.check("GET", "/api/exams/types", 418, PROBLEM,
                bytes("{\"type\":\"about:blank\",\"title\":\"t\",\"status\":418,\"code\":\"BAD_REQUEST\",\"detail\":\"d\"}")));
        assertThrows(AssertionError.class, () -> CONTRACT.check("GET", "/api/exams/types", 200,
                Map.of("content-type", "text/html"), bytes(TYPES)));
    }

    @Test
    void aProblemWithAnUnlistedCodeFails() {
        assertThrows(AssertionError.class, () -> CONTRACT.check("GET", "/api/exams/types", 401, PROBLEM,
                bytes("{\"type\":\"about:blank\",\"title\":\"t\",\"status\":401,\"code\":\"HTTP_401\",\"detail\":\"d\"}")));
    }

    @Test
    void a405MustListExactlyTheDeclaredMethods() {
        byte[] problem = bytes("{\"type\":\"about:blank\",\"title\":\"t\",\"status\":405,\"code\":\"METHOD_NOT_ALLOWED\","
                + "\"detail\":\"d\"}");
        CONTRACT.check("PATCH", "/api/exams/types", 405, Map.of("content-type", PROBLEM.get("content-type"),
                "allow", "GET, HEAD"), problem);
        assertThrows(AssertionError.class, () -> CONTRACT.check("PATCH", "/api/exams/types", 405,
                Map.of("content-type", PROBLEM.get("content-type"), "allow", "GET, DELETE, HEAD"), problem));
        assertThrows(AssertionError.class, () -> CONTRACT.check("PATCH", "/api/exams/types", 200, JSON, bytes(TYPES)));
    }

    @Test
    void aTrailingSlashIsTheSamePathAndRefusalsBeforeRoutingAreProblemsOnAnyMethod() {
        CONTRACT.check("GET", "/api/exams/types/", 200, JSON, bytes(TYPES));
        byte[] problem = bytes("{\"type\":\"about:blank\",\"title\":\"t\",\"status\":400,\"code\":\"BAD_REQUEST\","
                + "\"detail\":\"d\"}");
        CONTRACT.check("PATCH", "/api/exams/types", 400, PROBLEM, problem);
        assertThrows(AssertionError.class, () -> CONTRACT.check("PATCH", "/api/exams/types", 409, PROBLEM,
                bytes(new String(problem, StandardCharsets.UTF_8).replace("400", "409"))));
    }

    @Test
    void aBodilessResponseHasNoContentType() {
        CONTRACT.check("DELETE", "/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA", 204, Map.of(), new byte[0]);
        assertThrows(AssertionError.class, () -> CONTRACT.check("DELETE", "/api/exams/s-AAAAAAAAAAAAAAAAAAAAAAAA",
                204, JSON, new byte[0]));
    }
}
