package dev.examsessions.adapter.redis;

import dev.examsessions.domain.model.ExamMode;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.ExamStatus;
import dev.examsessions.domain.model.Pauses;
import dev.examsessions.domain.model.SessionId;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session scripts read a value's version from its start and end when it is in the codec's form and decode it
 * in full otherwise: both ways give the same results, for every value the service writes and for old values.
 */
class SessionScriptsTest {
    private static final long STORED_TTL = 600_000;
    private static final String NEW_TTL = "300000";
    private static final String MARKER_TTL = "60000";
    private static final String EXTENDED_TTL = "900000";
    private static final Instant STARTED = Instant.ofEpochMilli(1_764_300_000_123L);
    /** The prelude, then what it read: {version or -1, marker, read from the tail}. */
    private static final String PROBE = RedisScript.load("probe", Map.of("SCHEMA_VERSION",
                    Integer.toString(RedisSessionCodec.SCHEMA_VERSION), "STALE", RedisSessionCodec.STALE),
            "session-prelude.lua").source()
            + "\nreturn {version == nil and -1 or version, marker and 1 or 0, fromtail and 1 or 0}\n";

    private static RedisClient raw;
    private static RedisSessionAdapter adapter;
    private final RedisSessionCodec codec = new RedisSessionCodec();

    @BeforeAll
    static void open() {
        raw = TestRedis.newClient();
        adapter = RedisSessionAdapter.create(TestRedis.newClient(), SessionPort.DEFAULT_TTL);
    }

    @AfterAll
    static void close() {
        adapter.close();
        raw.close();
    }

    /** A session in progress with {@code answered} of 180 questions answered (ids 101..280, as in the bank). */
    static ExamSession inProgress(SessionId id, int answered, long version) {
        List<Long> questions = LongStream.rangeClosed(101, 280).boxed().toList();
        Map<Long, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < answered; i++) {
            answers.put(questions.get(i), String.valueOf("ABCD".charAt(i % 4)));
        }
        return new ExamSession(id, 123_456, 42, "pmp", ExamMode.PRACTICE, questions, answers, Set.of(107L), null,
                Pauses.none(), STARTED, null, ExamStatus.IN_PROGRESS, null, version);
    }

    private static String key(SessionId id) {
        return RedisSessionAdapter.KEY_PREFIX + id.value();
    }

    /** What the prelude read of {@code value}: {version or -1, marker 1/0, read from the tail 1/0}. */
    @SuppressWarnings("unchecked")
    private static List<Long> probe(String value) {
        String key = key(SessionId.newId());
        raw.set(key, value, SetParams.setParams().px(STORED_TTL));
        try {
            return (List<Long>) raw.eval(PROBE, List.of(key), List.of());
        } finally {
            raw.del(key);
        }
    }

    // ---- every value the service writes is read from its tail ---------------------------------

    @Test
    void everyValueTheCodecWritesAndThePreviousJarsWroteIsReadFromItsTail() {
        SessionId id = SessionId.newId();
        ExamSession full = inProgress(id, 180, 181);
        ExamSession finished = full.submit(Map.of(), STARTED.plusSeconds(60)).withVersion(1L << 40);
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put(codec.encode(inProgress(id, 0, 1)), List.of(1L, 0L, 1L));
        expected.put(codec.encode(full), List.of(181L, 0L, 1L));
        expected.put(codec.encode(finished), List.of(1L << 40, 0L, 1L));
        expected.put(codec.encode(StoredFormatCompatibilityTest.onABreak()), List.of(7L, 0L, 1L));
        expected.put(codec.encodeMarker(id, 182), List.of(182L, 1L, 1L));
        expected.put(StoredFormatCompatibilityTest.SUBMITTED_WITH_RESULT, List.of(42L, 0L, 1L));
        expected.put(StoredFormatCompatibilityTest.ON_A_BREAK, List.of(7L, 0L, 1L));
        expected.put(StoredFormatCompatibilityTest.PRACTICE, List.of(2L, 0L, 1L));
        expected.put(StoredFormatCompatibilityTest.TIMED_OUT_EMPTY, List.of(3L, 0L, 1L));
        expected.put(StoredFormatCompatibilityTest.ABANDONED_FULL_MARKS, List.of(9L, 0L, 1L));
        expected.put(StoredFormatCompatibilityTest.STALE_MARKER, List.of(43L, 1L, 1L));
        expected.forEach((value, read) -> {
            assertEquals(read, probe(value), value);
            // the same document after a space is decoded in full, to the same version and marker
            assertEquals(List.of(read.get(0), read.get(1), 0L), probe(" " + value), value);
        });
    }

    @Test
    void valuesInThePreviousJarsBytesAndInAnotherMemberOrderCompareByVersion() {
        SessionId id = SessionId.newId();
        String key = key(id);
        ExamSession s = StoredFormatCompatibilityTest.onABreak();
        ExamSession mine = new ExamSession(id, s.attemptId(), s.userId(), s.examType(), s.mode(), s.questionIds(),
                s.answers(), s.flags(), s.pausePolicy(), s.pauses(), s.startedAt(), s.deadline(), s.status(),
                s.result(), s.version());
        String previousJar = StoredFormatCompatibilityTest.ON_A_BREAK.replace("s-AAAAbbbbCCCCdddd_-_-0123", id.value());
        // what a writer putting the versions first would store: read by the full decode
        String versionsFirst = previousJar.replace(",\"version\":7,\"schemaVersion\":1}", "}")
                .replace("{\"sessionId\"", "{\"schemaVersion\":1,\"version\":7,\"sessionId\"");
        assertEquals(List.of(7L, 0L, 0L), probe(versionsFirst));
        for (String stored : List.of(previousJar, versionsFirst)) {
            raw.set(key, stored, SetParams.setParams().px(STORED_TTL));
            assertEquals(Optional.of(mine), adapter.get(id), stored);
            assertFalse(adapter.putIfNewer(mine.withVersion(6)), "lower: " + stored);
            assertFalse(adapter.putIfNewer(mine.withVersion(7)), "equal: " + stored);
            assertFalse(adapter.invalidate(id, 7, Duration.ofMinutes(1)), "marker at the same version: " + stored);
            assertEquals(stored, raw.get(key));
            assertTrue(adapter.extend(id, Duration.ofMinutes(20)), stored);
            assertTrue(adapter.putIfNewer(mine.withVersion(8)), "higher: " + stored);
            assertEquals(Optional.of(mine.withVersion(8)), adapter.get(id));
        }
    }

    // ---- the tail and the full decode give the same results ------------------------------------

    /**
     * Each stored value and the same value after a space (which only the full decode reads) give the same reply,
     * leave the same value and the same TTL, for each script; the replies are for incoming versions 4, 5 and 6
     * (put-if-newer: a copy at that version; invalidate: a marker; compare-and-set: the version read).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # stored value                     | tail | putIfNewer | invalidate | compareAndSet | extend
            absent                             | 0    | 1 1 1      | 1 1 1      | 0 0 0         | 0
            copy 5                             | 1    | 0 0 1      | 0 0 1      | -1 1 -1       | 1
            finished copy 5                    | 1    | 0 0 1      | 0 0 1      | -1 1 -1       | 0
            marker 5                           | 1    | 0 1 1      | 0 0 1      | -1 -1 -1      | 0
            copy 5, versions first             | 0    | 0 0 1      | 0 0 1      | -1 1 -1       | 1
            copy 5, version written 05         | 0    | 0 0 1      | 0 0 1      | -1 1 -1       | 1
            copy 5 of schemaVersion 2          | 0    | 1 1 1      | 1 1 1      | -1 1 -1       | 1
            copy 5 of schemaVersion 0          | 0    | 1 1 1      | 1 1 1      | -1 1 -1       | 1
            marker 5 of schemaVersion 2        | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 0
            unreadable                         | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            copy 5 without its last byte       | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            copy 5 cut after its version       | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            marker 5 without its last byte     | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            copy 5 followed by a newline       | 0    | 0 0 1      | 0 0 1      | -1 1 -1       | 1
            copy 5 followed by text            | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            text followed by copy 5            | 0    | 1 1 1      | 1 1 1      | -1 -1 -1      | 1
            """)
    void tailAndFullDecodeGiveTheSameResults(String stored, int tail, String putIfNewer, String invalidate,
                                             String compareAndSet, String extend) {
        SessionId id = SessionId.newId();
        String value = value(stored, id);
        String decodedInFull = value == null ? null : " " + value;
        if (value != null) {
            List<Long> read = probe(value);
            assertEquals(tail, read.get(2), "read from the tail");
            assertEquals(List.of(read.get(0), read.get(1), 0L), probe(decodedInFull));
        }
        List<String> replies = new ArrayList<>();
        for (String script : List.of("putIfNewer", "invalidate", "compareAndSet")) {
            List<String> byVersion = new ArrayList<>();
            for (long incoming = 4; incoming <= 6; incoming++) {
                Outcome fast = run(script, id, value, incoming);
                assertEquals(fast, run(script, id, decodedInFull, incoming), script + " " + incoming);
                byVersion.add(Long.toString(fast.reply()));
            }
            replies.add(String.join(" ", byVersion));
        }
        Outcome extended = run("extend", id, value, 0);
        assertEquals(extended, run("extend", id, decodedInFull, 0), "extend");
        replies.add(Long.toString(extended.reply()));
        assertEquals(List.of(putIfNewer, invalidate, compareAndSet, extend), replies);
    }

    /** A script's reply, whether it replaced the value (and with what) and the key's TTL in tenths of 1000 s. */
    private record Outcome(long reply, Optional<String> written, long ttl) {
    }

    private Outcome run(String script, SessionId id, String value, long incoming) {
        String key = key(id);
        if (value == null) {
            raw.del(key);
        } else {
            raw.set(key, value, SetParams.setParams().px(STORED_TTL));
        }
        ExamSession copy = inProgress(id, 3, incoming);
        String v = Long.toString(incoming);
        long reply = switch (script) {
            case "putIfNewer" -> SessionScripts.PUT_IF_NEWER.run(raw, List.of(key),
                    List.of(codec.encode(copy), v, NEW_TTL, "0"));
            case "invalidate" -> SessionScripts.INVALIDATE.run(raw, List.of(key),
                    List.of(codec.encodeMarker(id, incoming), v, MARKER_TTL));
            case "compareAndSet" -> SessionScripts.COMPARE_AND_SET.run(raw, List.of(key),
                    List.of(v, codec.encode(copy.withVersion(incoming + 1))));
            case "extend" -> SessionScripts.EXTEND.run(raw, List.of(key), List.of(EXTENDED_TTL));
            default -> throw new IllegalArgumentException(script);
        };
        String after = raw.get(key);
        long pttl = raw.pttl(key);
        raw.del(key);
        Optional<String> written = after == null || after.equals(value) ? Optional.empty() : Optional.of(after);
        return new Outcome(reply, written, pttl < 0 ? pttl : Math.round(pttl / 100_000.0));
    }

    private String value(String stored, SessionId id) {
        String copy = codec.encode(inProgress(id, 2, 5));
        String marker = codec.encodeMarker(id, 5);
        return switch (stored) {
            case "absent" -> null;
            case "copy 5" -> copy;
            case "finished copy 5" -> codec.encode(inProgress(id, 2, 4).submit(Map.of(), STARTED.plusSeconds(9))
                    .withVersion(5));
            case "marker 5" -> marker;
            case "copy 5, versions first" -> copy.replace(",\"version\":5,\"schemaVersion\":1}", "}")
                    .replace("{\"sessionId\"", "{\"schemaVersion\":1,\"version\":5,\"sessionId\"");
            case "copy 5, version written 05" -> copy.replace("\"version\":5", "\"version\":05");
            case "copy 5 of schemaVersion 2" -> copy.replace("\"schemaVersion\":1", "\"schemaVersion\":2");
            case "copy 5 of schemaVersion 0" -> copy.replace("\"schemaVersion\":1", "\"schemaVersion\":0");
            case "marker 5 of schemaVersion 2" -> marker.replace("\"schemaVersion\":1", "\"schemaVersion\":2");
            case "unreadable" -> "{not json";
            case "copy 5 without its last byte" -> copy.substring(0, copy.length() - 1);
            case "copy 5 cut after its version" -> copy.substring(0, copy.indexOf(",\"schemaVersion\""));
            case "marker 5 without its last byte" -> marker.substring(0, marker.length() - 1);
            case "copy 5 followed by a newline" -> copy + "\n";
            case "copy 5 followed by text" -> copy + "x";
            case "text followed by copy 5" -> "x" + copy;
            default -> throw new IllegalArgumentException(stored);
        };
    }

    // ---- a value damaged inside, its start and end intact --------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"an extra brace inside", "two documents one after the other"})
    void aValueDamagedOnlyInsideIsTakenAtTheVersionOfItsEndAndNeverWrittenOverByUpdate(String damage) {
        SessionId id = SessionId.newId();
        String key = key(id);
        String copy = codec.encode(inProgress(id, 2, 5));
        String damaged = damage.startsWith("two") ? copy + copy : copy.replace("\"answers\":{", "\"answers\":{{");
        raw.set(key, damaged, SetParams.setParams().px(STORED_TTL));

        assertEquals(List.of(5L, 0L, 1L), probe(damaged));
        assertEquals(Optional.empty(), adapter.get(id), "unreadable for the service: a missing session");
        assertFalse(adapter.putIfNewer(inProgress(id, 3, 5)), "not over the version its end claims");
        assertEquals(-1, SessionScripts.COMPARE_AND_SET.run(raw, List.of(key),
                List.of("5", codec.encode(inProgress(id, 3, 6)))), "compare-and-set decodes in full");
        assertEquals(damaged, raw.get(key));
        assertTrue(adapter.putIfNewer(inProgress(id, 3, 6)), "a higher version replaces it");
        assertEquals(Optional.of(inProgress(id, 3, 6)), adapter.get(id));
    }
}
