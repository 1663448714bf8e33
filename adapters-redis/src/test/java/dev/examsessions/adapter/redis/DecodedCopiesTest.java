package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec's memory: the very text seen last at a key gives back its session; any other text is decoded. */
class DecodedCopiesTest {
    private final RedisSessionCodec codec = new RedisSessionCodec();
    private final DecodedCopies copies = new DecodedCopies(codec);

    private static ExamSession session(long version, String choice) {
        return new ExamSession(SessionId.newId(), 3, 7, "capm", ExamMode.PRACTICE, List.of(5L, 3L),
                Map.of(3L, choice), Set.of(), null, Pauses.none(), Instant.ofEpochMilli(1_764_300_000_123L), null,
                ExamStatus.IN_PROGRESS, null, version);
    }

    @Test
    void theTextJustWrittenReadsBackAsTheSessionWritten() {
        ExamSession s = session(2, "A");
        String json = copies.encode("k", s);
        assertEquals(codec.encode(s), json);
        assertSame(s, copies.decode("k", json).orElseThrow());
    }

    @Test
    void theSameTextIsDecodedOnce() {
        String json = codec.encode(session(2, "A"));
        ExamSession first = copies.decode("k", json).orElseThrow();
        assertSame(first, copies.decode("k", new String(json.toCharArray())).orElseThrow());
    }

    @Test
    void anotherTextAtTheKeyIsDecoded() {
        ExamSession mine = session(2, "A");
        copies.encode("k", mine);
        ExamSession theirs = new ExamSession(mine.sessionId(), 3, 7, "capm", ExamMode.PRACTICE, List.of(5L, 3L),
                Map.of(3L, "B"), Set.of(), null, Pauses.none(), mine.startedAt(), null, ExamStatus.IN_PROGRESS, null, 3);
        ExamSession read = copies.decode("k", codec.encode(theirs)).orElseThrow();
        assertNotSame(theirs, read);
        assertEquals(theirs, read);
        assertEquals("B", read.answers().get(3L));
    }

    @Test
    void theMemoryIsPerKey() {
        ExamSession s = session(2, "A");
        String json = copies.encode("k", s);
        ExamSession atOtherKey = copies.decode("other", json).orElseThrow();
        assertNotSame(s, atOtherKey);
        assertEquals(s, atOtherKey);
    }

    @Test
    void missingMarkersAndDamageAreStillMissing() {
        ExamSession s = session(2, "A");
        String json = copies.encode("k", s);
        assertEquals(Optional.empty(), copies.decode("k", null));
        assertEquals(Optional.empty(), copies.decode("k", codec.encodeMarker(s.sessionId(), 5)));
        assertTrue(copies.decode("k", json.substring(0, json.length() - 1)).isEmpty());
        assertSame(s, copies.decode("k", json).orElseThrow(), "what the key remembers is unchanged by the misses");
    }
}
