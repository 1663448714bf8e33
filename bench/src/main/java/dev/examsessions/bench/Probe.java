package dev.examsessions.bench;

import java.nio.file.Path;
import java.util.List;

// Usage: Probe <baseUrl> <takers.tsv> reads|answers <n>. reads: GET pause/status across the takers; answers: one
// answer set to "B" and back to "A" (two real changes, the prefilled state restored).
/** Sends an exact number of reads or answers one after the other, for counting round trips per request. */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        Http http = new Http(args[0]);
        List<Taker> takers = Taker.read(Path.of(args[1]));
        String kind = args[2];
        int n = Integer.parseInt(args[3]);
        for (int i = 0; i < n; i++) {
            int pair = i / 2; // answers come in pairs on one taker's question
            Taker t = takers.get(("reads".equals(kind) ? i : pair) % takers.size());
            String session = "/api/exams/" + t.sessionId();
            if ("reads".equals(kind)) {
                http.send("GET", session + "/pause/status", t.token(), null, 200);
            } else {
                // the last question (prefilled "A"): B then A, each a change, the taker's state as before
                long q = t.questionIds()[t.questionIds().length - 1 - (pair / takers.size()) % t.questionIds().length];
                http.send("PUT", session + "/answers/" + q, t.token(), "{\"choice\":\"" + (i % 2 == 0 ? "B" : "A") + "\"}", 200);
            }
        }
        System.out.println("probe: " + n + " " + kind);
    }
}
