package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.examsessions.web.error.WebError;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one problem writer: member order, request id, fields that would shadow a member, Jetty's bodies unchanged. */
class ProblemJsonTest {
    private static final ProblemJson WRITER = new ProblemJson(Json.mapper());

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void jettyAnswersKeepTheBytesTheyHadWhenWrittenByHand() {
        JettyProblemErrorHandler jetty = new JettyProblemErrorHandler(WRITER);
        assertEquals("{\"type\":\"about:blank\",\"title\":\"URI too long\",\"status\":414,\"code\":\"URI_TOO_LONG\","
                + "\"detail\":\"The request URI is too long.\"}", text(jetty.problem(414, 414)));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,\"code\":\"BAD_REQUEST\","
                + "\"detail\":\"Unsupported HTTP version: send HTTP/1.1 (or HTTP/1.0) requests.\"}", text(jetty.problem(400, 505)));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,\"code\":\"PAYLOAD_TOO_LARGE\","
                + "\"detail\":\"The request body is larger than 65536 bytes (64 KiB).\"}", text(jetty.problem(413, 413)));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Request refused\",\"status\":418,\"code\":\"REQUEST_REFUSED\","
                + "\"detail\":\"The HTTP server refused the request (418).\"}", text(jetty.problem(418, 418)));
    }

    @Test
    void theRequestIdFollowsTheMembersAndAFieldNamedLikeAMemberIsPrefixed() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "SUBMITTED");
        fields.put("maxBytes", 1);
        Problem problem = Problem.of(WebError.PAYLOAD_TOO_LARGE, 413, "d", fields);
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,\"code\":\"PAYLOAD_TOO_LARGE\","
                + "\"detail\":\"d\",\"requestId\":\"r-1\",\"examStatus\":\"SUBMITTED\",\"maxBytes\":1}",
                text(WRITER.body(problem, "r-1")));
    }
}
