package dev.examsessions.domain.model;

import dev.examsessions.domain.error.ErrorCode;
import dev.examsessions.domain.error.ExamException;
import dev.examsessions.domain.failover.NoCopySessionPort;
import dev.examsessions.domain.failover.UnavailableSessionPort;
import dev.examsessions.domain.port.SessionPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionIdTest {
    private static final Pattern FORMAT = Pattern.compile("^s-[A-Za-z0-9_-]{22,64}$");

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "s-",
            "s-abcdefghijklmnopqrstu",                 // 21 characters: too short
            "x-abcdefghijklmnopqrstuv",                // wrong prefix
            "S-abcdefghijklmnopqrstuv",
            "sabcdefghijklmnopqrstuvw",
            "s_abcdefghijklmnopqrstuv",
            "s-abcdefghijklmnopqrstu=",                // padding is not URL-safe id material
            "s-abcdefghijk/mnopqrstuv",
            "s-abcdefghijk.mnopqrstuv",
            "s-abcdefghijk mnopqrstuv",
            "s-abcdefghijklmnopqrstuv\n",
            "s-abcdéfghijklmnopqrstuv",
            " s-abcdefghijklmnopqrstuv",
            "../../etc/passwd"})
    void parseRejectsMalformedIds(String raw) {
        assertEquals(Optional.empty(), SessionId.parse(raw));
        ExamException e = assertThrows(ExamException.class, () -> new SessionId(raw));
        assertEquals(ErrorCode.SESSION_NOT_FOUND, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "s-abcdefghijklmnopqrstuv",                // 22: shortest
            "s-ABC_def-0123456789xyzQ",
            "s-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab"}) // 64: longest
    void parseAcceptsWellFormedIds(String raw) {
        assertEquals(raw, SessionId.parse(raw).orElseThrow().value());
        assertEquals(raw, new SessionId(raw).toString());
    }

    @Test
    void theLengthLimitsAreExactly22To64() {
        assertTrue(SessionId.parse("s-" + "x".repeat(22)).isPresent());
        assertTrue(SessionId.parse("s-" + "x".repeat(64)).isPresent());
        assertEquals(Optional.empty(), SessionId.parse("s-" + "x".repeat(21)));
        assertEquals(Optional.empty(), SessionId.parse("s-" + "x".repeat(65)));
        assertEquals(Optional.empty(), SessionId.parse("s-" + "x".repeat(10_000)));
    }

    @Test
    void randomIdsAreLongEnoughWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = SessionId.newId().value();
            assertTrue(id.startsWith("s-"), id);
            assertTrue(id.length() - 2 >= 22, id);
            assertTrue(FORMAT.matcher(id).matches(), id);
            assertEquals(Optional.of(new SessionId(id)), SessionId.parse(id));
            assertTrue(seen.add(id), "duplicate id " + id);
        }
    }

}
