package dev.examsessions.e2e;

import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.web.ApiClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exam page through a service restart on the production set-up (Redis + PostgreSQL, a token from the
 * platform in the cookie): answers given while the service is gone show "offline — retrying", are saved once it is
 * back on the same address, and none is lost. Also: without dev auth mode there is no {@code /dev/sign-in}.
 */
class ExamPageOutageIT {

    @Test
    void answersGivenWhileTheServiceIsDownAreSavedOnceItIsBack() {
        User user = User.random();
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start()) {
            // A fixed port: the browser keeps talking to the same origin across the restart.
            Map<String, String> env = E2e.redisAndDatabase(redis, db, "PORT", Integer.toString(freePort()));
            AppProcess first = AppProcess.start("page-outage", env);
            AppProcess second = null;
            try (PageUi page = PageUi.on(first)) {
                Api api = Api.of(first);
                ApiClient.Response devSignIn = api.post(null, "/dev/sign-in", "{\"userId\":1}");
                assertEquals(404, devSignIn.status(), "no dev sign-in outside dev auth mode: " + devSignIn);
                assertTrue(devSignIn.headers().firstValue("Set-Cookie").isEmpty());

                page.signInWithCookie(user.token());
                String sid = page.start("pmp-quick", "exam");
                page.choose("A");
                page.next();
                page.choose("B");
                page.waitSaved();

                first.kill9();
                page.next();
                page.choose("C");
                page.next();
                page.choose("D");
                page.waitSaveState("offline");
                page.wait.until(d -> page.text("save-status").contains("Offline — retrying"));
                assertTrue(page.navState(4).contains("answered"), "the page shows the answer it is still sending");
                page.screenshot("10-offline-retrying");

                second = first.startAnother("page-outage-back");
                assertEquals(first.port(), second.port());
                page.waitSaved();

                Api back = Api.of(second);
                ApiClient.Response state = back.state(user, sid);
                assertEquals(200, state.status(), state::toString);
                List<Long> ids = E2e.questionIds(state.json());
                assertEquals(Map.of(ids.get(0), "A", ids.get(1), "B", ids.get(2), "C", ids.get(3), "D"),
                        E2e.answers(state.json()), "every answer the page showed, saved after the restart");
                assertFalse(page.visible("alert"), "no error shown to the person");

                page.driver.navigate().refresh();
                page.screen("screen-exam");
                page.waitPosition(4);
                page.waitSelected("D");
                assertEquals("4 of 10 answered", page.text("answered-count"));
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
