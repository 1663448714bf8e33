package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/** Which failures are the client's (4xx, not logged as errors) and which stay server errors. */
class ClientFaultClassificationTest {
    private static final JettyProblemErrorHandler JETTY = new JettyProblemErrorHandler(new ProblemJson(Json.mapper()));

    @Test
    void jettyReadFailuresAnywhereInTheCauseChainAreTheClients() {
        assertTrue(ProblemMapper.isUnreadableRequest(new EofException("Early EOF")));
        assertTrue(ProblemMapper.isUnreadableRequest(new UncheckedIOException(new EofException("Early EOF"))));
        assertTrue(ProblemMapper.isUnreadableRequest(new RuntimeException(new IOException(new BadMessageException(400)))));
        assertTrue(ProblemMapper.isUnreadableRequest(new HttpException.RuntimeException(413)));
        assertTrue(ProblemMapper.isUnreadableRequest(new RequestGuard.UnreadableBody(new IOException("reset"))));
    }

    @Test
    void otherFailuresStayServerErrors() {
        assertFalse(ProblemMapper.isUnreadableRequest(new IllegalStateException("bug")));
        // A database driver's EOF is not Jetty's: the server's trouble, not the client's.
        assertFalse(ProblemMapper.isUnreadableRequest(new RuntimeException(new java.io.EOFException("db gone"))));
        assertFalse(ProblemMapper.isUnreadableRequest(new RuntimeException(new IOException("disk"))));
        assertFalse(ProblemMapper.isUnreadableRequest(new HttpException.RuntimeException(500)));
        RuntimeException cyclic = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", cyclic);
        cyclic.initCause(other);
        assertFalse(ProblemMapper.isUnreadableRequest(cyclic));
    }

    @Test
    void preRoutingRejectionsOfMalformedRequestsAre400() {
        assertEquals(400, JettyProblemErrorHandler.publicStatus(505, null));
        assertEquals(400, JettyProblemErrorHandler.publicStatus(505, new HttpException.RuntimeException(505, "Unknown Version")));
        assertEquals(400, JettyProblemErrorHandler.publicStatus(501, null));
        assertEquals(400, JettyProblemErrorHandler.publicStatus(400, null));
        assertEquals(400, JettyProblemErrorHandler.publicStatus(417, new BadMessageException(417)));
        assertEquals(431, JettyProblemErrorHandler.publicStatus(431, new BadMessageException(431)));
        assertEquals(413, JettyProblemErrorHandler.publicStatus(413, null));
        assertEquals(414, JettyProblemErrorHandler.publicStatus(414, new BadMessageException(414)));
        // Genuine server conditions keep their status.
        assertEquals(500, JettyProblemErrorHandler.publicStatus(500, new IllegalStateException()));
        assertEquals(503, JettyProblemErrorHandler.publicStatus(503, null));
    }

    @Test
    void noClientErrorIsLabelledInternal() {
        for (int jetty = 400; jetty < 600; jetty++) {
            int status = JettyProblemErrorHandler.publicStatus(jetty, new HttpException.RuntimeException(jetty));
            String body = new String(JETTY.problem(status, jetty), java.nio.charset.StandardCharsets.UTF_8);
            if (status < 500) {
                assertFalse(body.contains("INTERNAL_ERROR"), jetty + " -> " + body);
            }
            if (jetty == 505) {
                assertTrue(body.contains("\"code\":\"BAD_REQUEST\"") && body.contains("HTTP version"), body);
            }
        }
    }
}
