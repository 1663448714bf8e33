package dev.examsessions.adapter.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.examsessions.domain.model.ExamSession;

import java.time.Duration;
import java.util.Optional;

/**
 * The codec with a memory of the last session document written or read at each key: the very same text is not
 * decoded again. Sessions are immutable and equal text decodes to an equal session, so a hit is exact whoever wrote
 * the value; any other text (another instance's write, a stale marker, damage) is decoded as before.
 */
final class DecodedCopies {
    /** Keys remembered (a full PMP session decoded is about 25 KB of heap): the sessions in active use. */
    static final int MAX_KEYS = 1_000;
    static final Duration IDLE = Duration.ofMinutes(1);

    private final RedisSessionCodec codec;
    private final Cache<String, Decoded> recent = Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(IDLE)
            .executor(Runnable::run) // upkeep on the calling thread: no pool thread woken per request
            .build();

    DecodedCopies(RedisSessionCodec codec) {
        this.codec = codec;
    }

    /** The document for {@code session}, remembered as the text of that session at {@code key}. */
    String encode(String key, ExamSession session) {
        String json = codec.encode(session);
        recent.put(key, new Decoded(json, session));
        return json;
    }

    /** As {@link RedisSessionCodec#decode}, without decoding a text seen last at this key. */
    Optional<ExamSession> decode(String key, String json) {
        if (json == null) {
            return Optional.empty();
        }
        Decoded seen = recent.getIfPresent(key);
        if (seen != null && seen.json().equals(json)) {
            return Optional.of(seen.session());
        }
        Optional<ExamSession> session = codec.decode(key, json);
        session.ifPresent(s -> recent.put(key, new Decoded(json, s)));
        return session;
    }

    /** A document and the session it decodes to. */
    private record Decoded(String json, ExamSession session) {
    }
}
