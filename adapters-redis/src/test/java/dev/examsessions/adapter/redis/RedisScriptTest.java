package dev.examsessions.adapter.redis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading the Lua scripts from resources: the shared prelude first, every placeholder filled in. */
class RedisScriptTest {

    @Test
    void sessionScriptsStartWithThePreludeAndHaveEveryValueFilledIn() {
        String prelude = RedisScript.load("prelude", Map.of("SCHEMA_VERSION", "1", "STALE", "stale"),
                "session-prelude.lua").source();
        for (RedisScript script : List.of(SessionScripts.PUT_IF_NEWER, SessionScripts.INVALIDATE,
                SessionScripts.EXTEND, SessionScripts.COMPARE_AND_SET)) {
            assertTrue(script.source().startsWith(prelude), script.name());
            assertFalse(script.source().contains("{{"), script.name());
            assertTrue(script.source().contains("doc.schemaVersion <= " + RedisSessionCodec.SCHEMA_VERSION));
        }
        assertEquals(40, SessionScripts.PUT_IF_NEWER.sha1().length());
    }

    @Test
    void aPlaceholderWithoutAValueOrAMissingFileFailsAtLoad() {
        assertThrows(IllegalStateException.class, () -> RedisScript.load("x", Map.of(), "session-prelude.lua"));
        assertThrows(IllegalStateException.class, () -> RedisScript.load("x", Map.of(), "no-such-script.lua"));
    }
}
