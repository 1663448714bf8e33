package dev.examsessions.web;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request ids: a sane caller's id is kept, anything else gets a fresh random UUID. */
class RequestIdsTest {

    @Test
    void newIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            UUID uuid = UUID.fromString(id);
            assertEquals(id, uuid.toString());
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertTrue(seen.add(id), "duplicate " + id);
        }
    }

    @Test
    void aSaneCallerIdIsKeptAnythingElseIsReplaced() {
        assertEquals("trace-1.2:3", RequestIds.accept("trace-1.2:3"));
        assertEquals(4, UUID.fromString(RequestIds.accept("forged\nline")).version());
        assertEquals(4, UUID.fromString(RequestIds.accept(null)).version());
    }
}
