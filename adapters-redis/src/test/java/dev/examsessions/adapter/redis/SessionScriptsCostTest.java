package dev.examsessions.adapter.redis;

import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.model.SessionId;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What put-if-newer costs inside Redis for a 180-answer session ({@code INFO commandstats}, {@code usec_per_call}
 * of {@code evalsha}), read from the value's tail and decoded in full: logged, not asserted (a measurement on a
 * shared machine is no test). Its own Redis, so that CONFIG RESETSTAT disturbs nobody.
 */
class SessionScriptsCostTest {
    private static final Logger LOG = LoggerFactory.getLogger(SessionScriptsCostTest.class);
    private static final int WARM_UP = 200;
    private static final int CALLS = 2_000;
    private static final Pattern EVALSHA =
            Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=\\d+,usec_per_call=([0-9.]+)");
    private static final String TTL = Long.toString(Duration.ofHours(6).toMillis());

    private final RedisSessionCodec codec = new RedisSessionCodec();

    @Test
    void putIfNewerOfA180AnswerSessionReadFromTheTailAndDecodedInFull() {
        try (RedisServerProcess server = RedisServerProcess.start();
             RedisClient client = TestRedis.client(URI.create(server.url()), 2, Duration.ofSeconds(10));
             Jedis admin = server.jedis()) {
            SessionId id = SessionId.newId();
            String key = RedisSessionAdapter.KEY_PREFIX + id.value();
            ExamSession session = SessionScriptsTest.inProgress(id, 180, 1);
            int bytes = codec.encode(session).length();
            // a leading space: the same document, which only the full decode reads (the scripts' work before)
            LongFunction<String> tail = v -> codec.encode(session.withVersion(v));
            LongFunction<String> full = v -> " " + codec.encode(session.withVersion(v));

            double writtenTail = perCall(client, admin, key, tail, true);
            double writtenFull = perCall(client, admin, key, full, true);
            double refusedTail = perCall(client, admin, key, tail, false);
            double refusedFull = perCall(client, admin, key, full, false);
            LOG.info(String.format(Locale.ROOT, "putIfNewer of a 180-answer session (%,d B), evalsha usec_per_call"
                    + " over %,d calls: written (GET, PTTL, SET) %.2f read from the tail / %.2f decoded in full;"
                    + " refused (GET) %.2f / %.2f", bytes, CALLS, writtenTail, writtenFull, refusedTail, refusedFull));
            assertTrue(bytes > 2_500, "a full PMP session is about 2.7 KB, not " + bytes);
        }
    }

    /**
     * Stores version 1 000 000 ({@code written}: version 0) in the given form, then runs {@link #CALLS} put-if-newer
     * of versions 1, 2, … in that form: all written, or all refused; returns evalsha's usec_per_call.
     */
    private static double perCall(RedisClient client, Jedis admin, String key, LongFunction<String> form, boolean written) {
        long base = written ? 0 : 1_000_000;
        client.set(key, form.apply(base), SetParams.setParams().px(Long.parseLong(TTL)));
        long version = 1;
        for (int i = 0; i < WARM_UP; i++, version++) {
            putIfNewer(client, key, form, version, written);
        }
        admin.configResetStat();
        for (int i = 0; i < CALLS; i++, version++) {
            putIfNewer(client, key, form, version, written);
        }
        Matcher stats = EVALSHA.matcher(admin.info("commandstats"));
        assertTrue(stats.find(), "no evalsha in INFO commandstats");
        assertEquals(CALLS, Long.parseLong(stats.group(1)));
        client.del(key);
        return Double.parseDouble(stats.group(2));
    }

    private static void putIfNewer(RedisClient client, String key, LongFunction<String> form, long version,
                                   boolean written) {
        long reply = SessionScripts.PUT_IF_NEWER.run(client, List.of(key),
                List.of(form.apply(version), Long.toString(version), TTL, "0"));
        assertEquals(written ? 1 : 0, reply);
    }
}
