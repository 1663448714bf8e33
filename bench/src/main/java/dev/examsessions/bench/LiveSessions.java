package dev.examsessions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

// Usage: LiveSessions <redisPort> <templateSessionId> <from> <to> <ttlMs>. Writes the sessions numbered from..to-1.
// The extra sessions are copies of a real one (the service's own stored JSON, read from Redis) under their own
// session id, user id and attempt id, with the service's TTL: the keyspace and the memory of that many live exams.
// Nobody requests them; they only make Redis hold as many sessions as a busy deployment would.
/** Pre-loads extra live sessions straight into Redis, pipelined, in the service's stored format. */
public final class LiveSessions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PREFIX = "exam:session:";
    private static final long FIRST_USER = 1_000_000_000L;
    private static final int BATCH = 1_000;

    private LiveSessions() {
    }

    /** An id of the service's format ({@code s-} + 24 URL-safe characters), recognisable as a pre-loaded one. */
    static String sessionId(long n) {
        return "s-live" + String.format("%020d", n);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String template = args[1];
        long from = Long.parseLong(args[2]);
        long to = Long.parseLong(args[3]);
        long ttlMs = Long.parseLong(args[4]);
        long started = System.nanoTime();
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            String json = jedis.get(KEY_PREFIX + template);
            if (json == null) {
                throw new IllegalStateException("no session " + template + " in Redis to copy");
            }
            ObjectNode session = (ObjectNode) JSON.readTree(json);
            Pipeline pipe = jedis.pipelined();
            SetParams px = SetParams.setParams().px(ttlMs);
            for (long n = from; n < to; n++) {
                String id = sessionId(n);
                session.put("sessionId", id);
                session.put("userId", FIRST_USER + n);
                session.put("attemptId", FIRST_USER + n);
                pipe.set(KEY_PREFIX + id, JSON.writeValueAsString(session), px);
                if ((n - from + 1) % BATCH == 0) {
                    pipe.sync();
                }
            }
            pipe.sync();
        }
        System.out.printf("live sessions: %d written (%d..%d) in %d ms%n", to - from, from, to - 1,
                (System.nanoTime() - started) / 1_000_000);
    }
}
