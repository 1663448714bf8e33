package dev.examsessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.examsessions.domain.port.HistoryCursor;
import dev.examsessions.web.dto.HistoryCursorToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The opaque history cursor: exact round trip, URL-safe, and every garbled or edited token refused. */
class HistoryCursorTokenTest {
    private static final HistoryCursor CURSOR = new HistoryCursor(Instant.parse("2026-11-28T09:15:30.123456789Z"), 4711);

    @Test
    void roundTripsExactlyAndIsUrlSafe() {
        for (HistoryCursor c : List.of(CURSOR, new HistoryCursor(Instant.EPOCH, 1),
                new HistoryCursor(Instant.ofEpochMilli(1_764_300_000_000L), Long.MAX_VALUE))) {
            String token = HistoryCursorToken.encode(c);
            assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
            assertEquals(Optional.of(c), HistoryCursorToken.decode(token));
        }
    }

    @Test
    void refusesEveryEditedCharacter() {
        String token = HistoryCursorToken.encode(CURSOR);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != token.charAt(i)) {
                    String edited = token.substring(0, i) + c + token.substring(i + 1);
                    assertEquals(Optional.empty(), HistoryCursorToken.decode(edited), edited);
                }
            }
        }
    }

    @Test
    void refusesGarbage() {
        String token = HistoryCursorToken.encode(CURSOR);
        for (String garbled : List.of("", "null", "abc", "1764300000000", token + "A", token.substring(1),
                token + "=", token.replace('-', '+').replace('_', '/') + "x", " " + token.substring(1),
                "%" + token.substring(1), "ü" + token.substring(1))) {
            assertEquals(Optional.empty(), HistoryCursorToken.decode(garbled), garbled);
        }
        assertEquals(Optional.empty(), HistoryCursorToken.decode(null));
    }

    @Test
    void refusesAWellFormedTokenOfAnotherVersionOrWithImpossibleValues() {
        byte[] bytes = Base64.getUrlDecoder().decode(HistoryCursorToken.encode(CURSOR));
        bytes[0] = 2;
        String otherVersion = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertEquals(Optional.empty(), HistoryCursorToken.decode(otherVersion));
        // a token that decodes to text is no cursor either
        String text = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("finishedAt=1764300000000;id=4".getBytes(StandardCharsets.UTF_8));
        assertFalse(HistoryCursorToken.decode(text).isPresent());
    }
}
