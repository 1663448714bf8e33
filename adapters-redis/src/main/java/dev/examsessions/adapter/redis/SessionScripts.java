package dev.examsessions.adapter.redis;

import java.util.Map;

/**
 * The session adapter's Lua scripts ({@code src/main/resources/redis}): each is the shared
 * {@code session-prelude.lua} (GET; version and marker read from the value's end, or
 * decoded in full when it is in another form) followed by its own file.
 */
final class SessionScripts {
    /** What the scripts read of the stored document, filled in where the files say {@code {{NAME}}}. */
    private static final Map<String, String> VALUES = Map.of(
            "SCHEMA_VERSION", Integer.toString(RedisSessionCodec.SCHEMA_VERSION),
            "STALE", RedisSessionCodec.STALE);

    /** Writes a copy unless a newer one (or a marker above it) is there; see {@code put-if-newer.lua}. */
    static final RedisScript PUT_IF_NEWER = session("putIfNewer", "put-if-newer.lua");
    /** Writes a stale marker unless that version or a higher one is there; see {@code invalidate.lua}. */
    static final RedisScript INVALIDATE = session("invalidate", "invalidate.lua");
    /** Sets the TTL of a copy in progress; see {@code extend.lua}. */
    static final RedisScript EXTEND = session("extend", "extend.lua");
    /** Writes a changed copy over the version it was read at, keeping the TTL; see {@code compare-and-set.lua}. */
    static final RedisScript COMPARE_AND_SET = session("compareAndSet", "compare-and-set.lua");

    private SessionScripts() {
    }

    private static RedisScript session(String name, String file) {
        return RedisScript.load(name, VALUES, "session-prelude.lua", file);
    }
}
