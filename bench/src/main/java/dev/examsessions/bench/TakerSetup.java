package dev.examsessions.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

// Usage: TakerSetup <baseUrl> <users> <examType> <mode> <prefill> <out.lua> <out.tsv>, AUTH_SECRET in the environment.
// Tokens are HS256 with AUTH_SECRET, the format README documents; the first `prefill` questions are answered "A", so
// the sessions have their full size.
/** Creates the benchmark's exam takers over the public API: a token, a started exam and prefilled answers each. */
public final class TakerSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TakerSetup() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        int users = Integer.parseInt(args[1]);
        String examType = args[2];
        String mode = args[3];
        int prefill = Integer.parseInt(args[4]);
        // minted here rather than with `exam-sessions.jar token` per user: 200 JVM starts would take minutes
        Algorithm hs256 = Algorithm.HMAC256(System.getenv("AUTH_SECRET").getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        Http http = new Http(baseUrl);
        long started = System.nanoTime();
        // gentle on purpose: the set-up is not measured, and a cold service on a busy machine times out sooner
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "setup");
            t.setDaemon(true); // a failed set-up must end the JVM, not leave it waiting on idle workers
            return t;
        });
        List<Future<Taker>> futures = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            String token = JWT.create().withSubject(Integer.toString(u)).withIssuedAt(now)
                    .withExpiresAt(now.plus(Duration.ofHours(24))).sign(hs256);
            futures.add(pool.submit(() -> start(http, token, examType, mode, prefill)));
        }
        List<Taker> takers = new ArrayList<>();
        for (Future<Taker> f : futures) {
            takers.add(f.get());
        }
        pool.shutdown();
        Taker.write(takers, Path.of(args[5]), Path.of(args[6]));
        System.out.printf("set-up: %d takers, %d answers prefilled each, in %d ms%n",
                takers.size(), prefill, (System.nanoTime() - started) / 1_000_000);
    }

    static Taker start(Http http, String token, String examType, String mode, int prefill) throws Exception {
        JsonNode state = JSON.readTree(http.sendRetrying("POST", "/api/exams/select", token,
                "{\"examType\":\"" + examType + "\",\"mode\":\"" + mode + "\"}", 201, 200));
        String sessionId = state.get("sessionId").asText();
        JsonNode ids = state.get("questionIds");
        long[] questionIds = new long[ids.size()];
        for (int i = 0; i < questionIds.length; i++) {
            questionIds[i] = ids.get(i).asLong();
        }
        for (int i = 0; i < Math.min(prefill, questionIds.length); i++) {
            http.sendRetrying("PUT", "/api/exams/" + sessionId + "/answers/" + questionIds[i], token, "{\"choice\":\"A\"}", 200);
        }
        return new Taker(token, sessionId, questionIds);
    }
}
