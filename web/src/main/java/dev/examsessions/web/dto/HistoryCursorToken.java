package dev.examsessions.web.dto;

import dev.examsessions.domain.port.HistoryCursor;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The opaque {@code cursor} of {@code GET /api/exams/history}: a {@link HistoryCursor} as URL-safe Base64 with
 * a format version and a checksum, so that a garbled or edited token is refused instead of paging from the wrong
 * place. Not a secret: a forged position can only select the caller's own attempts.
 */
public final class HistoryCursorToken {
    private static final byte VERSION = 1;
    private static final int BODY_BYTES = 1 + Long.BYTES + Integer.BYTES + Long.BYTES;
    private static final int BYTES = BODY_BYTES + Integer.BYTES;
    /** Base64 without padding of {@link #BYTES} bytes. */
    private static final int LENGTH = (BYTES * 8 + 5) / 6;

    private HistoryCursorToken() {
    }

    public static String encode(HistoryCursor cursor) {
        ByteBuffer buf = ByteBuffer.allocate(BYTES);
        // seconds and nanos, not milliseconds: the position must be exact whatever precision the store keeps
        buf.put(VERSION).putLong(cursor.finishedAt().getEpochSecond()).putInt(cursor.finishedAt().getNano())
                .putLong(cursor.attemptId());
        buf.putInt(checksum(buf.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** The cursor in a token this class made; empty for anything else. */
    public static Optional<HistoryCursor> decode(String token) {
        if (token == null || token.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != BYTES) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte version = buf.get();
        long seconds = buf.getLong();
        int nanos = buf.getInt();
        long attemptId = buf.getLong();
        int checksum = buf.getInt();
        if (version != VERSION || checksum != checksum(bytes) || nanos < 0 || nanos >= 1_000_000_000
                || attemptId < 1) {
            return Optional.empty();
        }
        HistoryCursor cursor;
        try {
            cursor = new HistoryCursor(Instant.ofEpochSecond(seconds, nanos), attemptId);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        // the decoder ignores the unused low bits of the last character: only the canonical spelling is ours
        return encode(cursor).equals(token) ? Optional.of(cursor) : Optional.empty();
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, BODY_BYTES);
        return (int) crc.getValue();
    }
}
