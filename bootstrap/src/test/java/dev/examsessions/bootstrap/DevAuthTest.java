package dev.examsessions.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dev auth mode (and so {@code POST /dev/sign-in}) exists only in the memory-only set-up without AUTH_SECRET. */
class DevAuthTest {
    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-long!";

    @Test
    void onlyTheEmbeddedDefaultWithoutASecretIsDevMode() {
        assertTrue(DevAuth.isDevMode(AppConfig.fromEnv(Map.of())));
        assertFalse(DevAuth.isDevMode(AppConfig.fromEnv(Map.of("AUTH_SECRET", SECRET))));
        assertFalse(DevAuth.isDevMode(AppConfig.fromEnv(Map.of("AUTH_SECRET", SECRET, "USE_REDIS", "true"))));
        assertFalse(DevAuth.isDevMode(AppConfig.fromEnv(Map.of("AUTH_SECRET", SECRET,
                "DATABASE_URL", "postgresql://u@127.0.0.1:5432/db"))));
    }
}
