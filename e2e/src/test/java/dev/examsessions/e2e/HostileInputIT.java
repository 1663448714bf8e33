package dev.examsessions.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import dev.examsessions.web.ApiClient;
import dev.examsessions.web.RawHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 6: a bounded loop (≥ 2,000 requests, four threads) of hostile input against one instance (Redis +
 * PostgreSQL): malformed JSON, huge bodies, wrong types, odd and overlong ids, path tricks, forged, expired and
 * {@code alg:none} tokens, other users' session ids, cookie mutations without a JSON content type, raw bytes
 * {@code java.net.http} would not send, and random fuzz. Zero 5xx, zero cross-user reads or writes (the victim's
 * exam unchanged, none of its data in any other body), and the server healthy afterwards.
 */
class HostileInputIT {
    private static final int MIN_REQUESTS = 2_400;
    private static final int THREADS = 4;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    private static final String EVIL_ORIGIN = "https://evil.example";

    /** How a response is judged, beyond "never 5xx". */
    enum Kind {
        /** The attacker's own exam or no exam at all: any 4xx or 2xx. */
        OWN,
        /** Aimed at the victim's exam without the victim's valid credentials: never 2xx, no victim data. */
        FOREIGN,
        /** The victim's own cookie from a foreign page (CSRF): a mutation without JSON: never 2xx. */
        CSRF,
        /** A foreign page reading with the victim's cookie: the answer must not allow that origin (CORS). */
        CORS
    }

    /** One request: a label (for the statistics), how it is judged, and how it is sent. */
    record Attack(String label, Kind kind, Function<Random, Outcome> send) {
    }

    /**
     * The status (-1: no response), the body, the request as sent (abbreviated), Access-Control-Allow-Origin, and
     * why /openapi.json does not declare this response (null when it does, or when the request was sent raw).
     */
    record Outcome(int status, String body, String requestText, String allowOrigin, String undeclared) {
    }

    private Api api;
    private int port;
    private User victim;
    private User attacker;
    private String v;
    private String m;
    private long vq;
    private long mq;

    @Test
    void hostileInputChangesNothingAndBreaksNothing() throws Exception {
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("hostile",
                     E2e.redisAndDatabase(redis, db, "CORS_ORIGINS", "https://exam.example.com"))) {
            api = Api.of(app);
            port = app.port();
            victim = User.random();
            attacker = User.random();
            JsonNode victimExam = api.start(victim, "pmp-quick", "exam");
            v = victimExam.path("sessionId").asText();
            List<Long> vqs = E2e.questionIds(victimExam);
            vq = vqs.get(4);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, api.answer(victim, v, vqs.get(i), "B").status());
            }
            assertEquals(200, api.put(victim, "/api/exams/" + v + "/flags/" + vqs.get(1), "{\"flagged\":true}").status());
            JsonNode attackerExam = api.start(attacker, "pmp-quick", "exam");
            m = attackerExam.path("sessionId").asText();
            mq = E2e.questionIds(attackerExam).get(0);
            JsonNode before = api.state(victim, v).json();

            List<Attack> attacks = attacks();
            AtomicInteger next = new AtomicInteger();
            Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
            Map<Kind, AtomicInteger> byKind = new ConcurrentHashMap<>();
            List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
            List<String> crossUser = Collections.synchronizedList(new ArrayList<>());
            List<String> testErrors = Collections.synchronizedList(new ArrayList<>());
            List<String> contract = Collections.synchronizedList(new ArrayList<>());
            long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(20261128L + t);
                Thread thread = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < MIN_REQUESTS && System.nanoTime() < deadline) {
                        Attack attack = attacks.get(i % attacks.size());
                        Outcome o;
                        try {
                            o = attack.send().apply(random);
                        } catch (RuntimeException e) {
                            testErrors.add(attack.label() + ": " + e);
                            continue;
                        }
                        String key = o.status() == -1 ? "no-response" : Integer.toString(o.status());
                        byStatus.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        byKind.computeIfAbsent(attack.kind(), k -> new AtomicInteger()).incrementAndGet();
                        if (o.status() >= 500) {
                            serverErrors.add(attack.label() + " → " + o.status() + " " + abbreviate(o.body())
                                    + "\n    request: " + abbreviate(o.requestText()));
                        }
                        String breach = contractBreach(attack, o);
                        if (breach != null) {
                            contract.add(attack.label() + ": " + breach);
                        }
                        String leak = leak(attack, o);
                        if (leak != null) {
                            crossUser.add(attack.label() + ": " + leak + " → " + o.status() + " "
                                    + abbreviate(o.body()));
                        }
                    }
                }, "hostile-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(TIME_LIMIT.toMillis() + 60_000);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int sent = byStatus.values().stream().mapToInt(AtomicInteger::get).sum();

            // the victim's exam is exactly as before: as served, in the Redis copy, and in the attempt
            JsonNode after = api.state(victim, v).json();
            JsonNode copy = E2e.parse(SessionKeys.json(redis, v));
            SessionKeys.delete(redis, v);
            JsonNode attempt = api.state(victim, v).json();
            ApiClient.Response victimActive = api.get(victim, "/api/exams/active");
            boolean victimUnchanged = sameExam(before, after) && sameExam(before, attempt)
                    && copy.path("version").asLong() == before.path("version").asLong()
                    && victimActive.json().size() == 1;

            // and the server is healthy
            ApiClient.Response health = api.health();
            ApiClient.Response victimAnswers = api.answer(victim, v, vq, "C");
            User newcomer = User.random();
            ApiClient.Response newcomerStarts = api.post(newcomer, "/api/exams/select", "{\"examType\":\"pmp\",\"mode\":\"exam\"}");
            boolean healthy = app.isAlive() && health.status() == 200 && "UP".equals(health.json().path("status").asText())
                    && victimAnswers.status() == 200 && newcomerStarts.status() == 201;

            Map<String, Integer> statuses = new TreeMap<>();
            byStatus.forEach((k, c) -> statuses.put(k, c.get()));
            Map<Kind, Integer> kinds = new TreeMap<>();
            byKind.forEach((k, c) -> kinds.put(k, c.get()));
            E2e.figure(String.format("hostile input: %d requests (%d distinct attacks, %s) in %d ms, 5xx %d,"
                            + " cross-user reads/writes %d, other contract breaches %d, statuses %s, victim unchanged=%s (version %d, answers %d,"
                            + " flags %d), healthy after=%s (health %s, victim answers %d, new exam %d)", sent,
                    attacks.size(), kinds, ms, serverErrors.size(), crossUser.size(), contract.size(), statuses, victimUnchanged,
                    after.path("version").asLong(), E2e.answers(after).size(), after.path("flagged").size(), healthy,
                    health.json().path("status").asText(), victimAnswers.status(), newcomerStarts.status()));

            distinct(serverErrors).forEach(e -> System.out.println("[e2e]   5xx: " + e));
            distinct(crossUser).forEach(e -> System.out.println("[e2e]   cross-user: " + e));
            distinct(contract).forEach(e -> System.out.println("[e2e]   contract: " + e));
            assertEquals(List.of(), distinct(testErrors), "the attacks themselves ran");
            assertTrue(sent >= 2_000, "at least 2,000 requests, sent " + sent);
            assertEquals(List.of(), distinct(serverErrors), "no 5xx");
            assertEquals(List.of(), distinct(crossUser), "no cross-user access");
            assertEquals(List.of(), distinct(contract), "no other contract breach");
            assertTrue(sameExam(before, after), () -> "victim's exam changed:\n" + before + "\n" + after);
            assertTrue(sameExam(before, attempt), () -> "victim's attempt changed:\n" + before + "\n" + attempt);
            assertEquals(before.path("version").asLong(), copy.path("version").asLong(), "victim's Redis copy");
            assertEquals(1, victimActive.json().size(), victimActive::toString);
            assertTrue(healthy, () -> "healthy: " + health + " / " + victimAnswers + " / " + newcomerStarts);
        }
    }

    private static boolean sameExam(JsonNode a, JsonNode b) {
        return a.path("version").equals(b.path("version")) && a.path("answers").equals(b.path("answers"))
                && a.path("flagged").equals(b.path("flagged")) && a.path("status").equals(b.path("status"))
                && a.path("pauses").equals(b.path("pauses")) && a.path("deadline").equals(b.path("deadline"));
    }

    /** Why this outcome is a cross-user read or write, or null. */
    private String leak(Attack attack, Outcome o) {
        if (attack.kind() == Kind.CORS) {
            return o.allowOrigin() == null ? null : "CORS allowed " + o.allowOrigin();
        }
        if (attack.kind() == Kind.CSRF) {
            if (o.status() >= 200 && o.status() < 300) {
                return "a cookie-authenticated mutation without JSON was accepted";
            }
            if (o.allowOrigin() != null) {
                return "CORS allowed " + o.allowOrigin();
            }
            return null;
        }
        String body = o.body() == null ? "" : o.body();
        if (attack.kind() == Kind.FOREIGN && o.status() >= 200 && o.status() < 300
                && !(o.requestText().startsWith("HEAD ") && body.isEmpty())) {
            return "answered " + o.status() + " for the victim's exam";
        }
        if (body.contains("\"userId\":" + victim.id())) {
            return "the victim's user id in the body";
        }
        if (body.contains(v) && !o.requestText().contains(v)) {
            return "the victim's session id in the body";
        }
        if (o.allowOrigin() != null && o.allowOrigin().contains("evil")) {
            return "CORS allowed " + o.allowOrigin();
        }
        return null;
    }

    /** Why this outcome breaks the contract without exposing another user's data, or null. */
    private static String contractBreach(Attack attack, Outcome o) {
        if (o.undeclared() != null) {
            return "not as /openapi.json declares: " + abbreviate(o.undeclared());
        }
        // every /api/** route needs a valid token and ownership; a HEAD that skips both is no read (empty body)
        if (attack.kind() == Kind.FOREIGN && o.requestText().startsWith("HEAD ") && o.status() >= 200
                && o.status() < 300) {
            return "HEAD answered " + o.status() + " without checking the token or the owner (401/404 expected)";
        }
        return null;
    }

    private static List<String> distinct(List<String> all) {
        synchronized (all) {
            return all.stream().distinct().limit(20).toList();
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    // ---- sending ----------------------------------------------------------------------------------

    /** Sends through java.net.http; a refused URI or header falls back to the raw socket. */
    private Outcome http(String method, String path, Map<String, String> headers, byte[] body) {
        String text = method + " " + path + " " + headers + " " + (body == null ? "" : abbreviate(
                new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1)));
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Api.REQUEST_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            request = b.build();
        } catch (IllegalArgumentException e) {
            return raw(method, path, headers, body);
        }
        try {
            var r = Api.CLIENT.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            String undeclared = null;
            try {
                Contract.of(port).check(r, r.body().getBytes(StandardCharsets.UTF_8));
            } catch (AssertionError e) {
                undeclared = e.getMessage();
            }
            return new Outcome(r.statusCode(), r.body(), text,
                    r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), undeclared);
        } catch (java.io.IOException e) {
            return new Outcome(-1, e.toString(), text, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, e.toString(), text, null, null);
        }
    }

    /** Writes the request byte for byte (ISO-8859-1 text: one char, one byte). */
    private Outcome raw(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((k, val) -> sb.append(k).append(": ").append(val).append("\r\n"));
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + (body == null ? 0 : body.length)];
        System.arraycopy(head, 0, all, 0, head.length);
        if (body != null) {
            System.arraycopy(body, 0, all, head.length, body.length);
        }
        return rawBytes(all);
    }

    private Outcome rawBytes(byte[] request) {
        RawHttp.Answer a = RawHttp.exchange(port, request);
        String text = new String(request, 0, Math.min(request.length, 400), StandardCharsets.ISO_8859_1);
        int bodyStart = a.text().indexOf("\r\n\r\n");
        String body = bodyStart < 0 ? a.text() : a.text().substring(bodyStart + 4);
        String allow = null;
        for (String line : a.text().split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.toLowerCase().startsWith("access-control-allow-origin:")) {
                allow = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return new Outcome(a.status(), body, text, allow, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> json(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    // ---- the catalogue -----------------------------------------------------------------------------

    private List<Attack> attacks() {
        List<Attack> list = new ArrayList<>();
        String tokM = attacker.token();
        String own = "/api/exams/" + m;
        String victims = "/api/exams/" + v;

        // malformed JSON and wrong types on the attacker's own exam
        List<String> answerBodies = List.of("", "{", "}", "{\"choice\":", "{\"choice\":\"A\"", "not json", "null",
                "[]", "[{}]", "\"A\"", "{\"choice\":\"A\"}}", "{'choice':'A'}", "{\"choice\":\"A\",}", "\u0000",
                "{\"choice\":\"\\ud800\"}", "{\"choice\":5}", "{\"choice\":true}", "{\"choice\":{}}",
                "{\"choice\":[\"A\"]}", "{\"choice\":\"AA\"}", "{\"choice\":\"\"}", "{\"choice\":\"a\"}",
                "{\"choice\":\"Ａ\"}", "{\"choice\":\"A\u0000\"}", "{\"choice\":1e999999}", "{\"choice\":\"A\",\"choice\":5}",
                "{\"choice\":\"A\",\"userId\":" + victim.id() + ",\"sessionId\":\"" + v + "\"}", "{}",
                "\uFEFF{\"choice\":\"A\"}", "{\"choice\":\"" + "A".repeat(60_000) + "\"}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                "{\"choice\":-0.0e-99999}", "{\"choice\":\"\\u0041\"}", "{\"choice\":null,\"x\":" + "9".repeat(5000) + "}");
        for (String body : answerBodies) {
            list.add(new Attack("json answer", Kind.OWN,
                    r -> http("PUT", own + "/answers/" + mq, json(tokM), utf8(body))));
        }
        Map<String, List<String>> otherBodies = Map.of(
                "/api/exams/select", List.of("{", "{\"examType\":123,\"mode\":\"exam\"}", "{\"examType\":null}",
                        "{\"examType\":\"\",\"mode\":\"exam\"}", "{\"examType\":\"../../etc/passwd\",\"mode\":\"exam\"}",
                        "{\"examType\":\"pmp\\u0000\",\"mode\":\"exam\"}", "{\"examType\":\"pmp\",\"mode\":\"EXAM\"}",
                        "{\"examType\":\"pmp\",\"mode\":\"exam\\n\"}", "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":-1}",
                        "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":181}",
                        "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":\"10\"}",
                        "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":1.5}",
                        "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":99999999999999999999}",
                        "{\"examType\":\"" + "x".repeat(50_000) + "\",\"mode\":\"exam\"}",
                        "{\"examType\":\"pmp-quick\",\"mode\":\"exam\",\"userId\":" + victim.id() + "}"),
                own + "/pause/start", List.of("{\"checkpoint\":\"x\"}", "{\"checkpoint\":1.5}", "{\"checkpoint\":-1}",
                        "{\"checkpoint\":99999999999}", "{\"checkpoint\":null}", "{}", "[5]", "{\"checkpoint\":5e0}"),
                own + "/extend", List.of("{\"minutes\":0}", "{\"minutes\":-1}", "{\"minutes\":1441}",
                        "{\"minutes\":\"x\"}", "{\"minutes\":1e10}", "{\"minutes\":9223372036854775808}", "[]", "{"),
                own + "/flags/" + mq, List.of("{\"flagged\":\"yes\"}", "{\"flagged\":1}", "{\"flagged\":null}", "{",
                        "{\"flagged\":[true]}"));
        otherBodies.forEach((path, bodies) -> {
            String method = path.contains("/flags/") ? "PUT" : "POST";
            for (String body : bodies) {
                list.add(new Attack("json " + method, Kind.OWN, r -> http(method, path, json(tokM), utf8(body))));
            }
        });

        // huge bodies
        for (int size : new int[] {65_537, 70_000, 1_000_000, 2_000_000}) {
            byte[] huge = ("{\"choice\":\"" + "A".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            list.add(new Attack("huge body", Kind.OWN, r -> http("PUT", own + "/answers/" + mq, json(tokM), huge)));
            list.add(new Attack("huge body", Kind.FOREIGN,
                    r -> http("PUT", victims + "/answers/" + vq, json(tokM), huge)));
        }
        list.add(new Attack("huge body chunked", Kind.OWN, r -> rawBytes(("POST /api/exams/select HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + tokM + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n100000\r\n" + "A".repeat(0x100000)
                + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))));

        // odd and overlong ids
        List<String> sessionIds = List.of("", "s-", "s-" + "A".repeat(21), "s-" + "A".repeat(22), "s-" + "A".repeat(65),
                "s-" + "A".repeat(5_000), v.toUpperCase(), v.toLowerCase(), v + "x", v.substring(0, v.length() - 1),
                "%20" + v, v + "%20", "S" + v.substring(1), "%73%2D" + v.substring(2), v.replace("-", "%2D"),
                "s-%F0%9F%98%80" + "A".repeat(22), "%E2%80%AE" + v, "null", "undefined", "0", "-1", "${jndi:ldap:x}",
                "s-AAAAAAAAAAAAAAAAAAAAAAAA%0d%0aSet-Cookie:%20x=y", "s-AAAAAAAAAAAAAAAAAAAAAAAA'%20OR%20'1'='1",
                "%2e%2e", "*", "%2A");
        for (String id : sessionIds) {
            Kind kind = id.toLowerCase().contains(v.substring(2).toLowerCase()) ? Kind.FOREIGN : Kind.OWN;
            list.add(new Attack("odd session id GET", kind, r -> http("GET", "/api/exams/" + id, bearer(tokM), null)));
            list.add(new Attack("odd session id PUT", kind, r -> http("PUT", "/api/exams/" + id + "/answers/" + vq,
                    json(tokM), utf8("{\"choice\":\"A\"}"))));
        }
        List<String> numbers = List.of("-1", "0", "11", "9223372036854775808", "1.5", "abc", "%00", "1e1", "0x1A",
                "%20" + "1", "%D9%A1", "%EF%BC%91", "1" + "0".repeat(400), "+1", "01");
        for (String n : numbers) {
            list.add(new Attack("odd position", Kind.OWN, r -> http("GET", own + "/questions/" + n, bearer(tokM), null)));
            list.add(new Attack("odd question id", Kind.OWN, r -> http("PUT", own + "/answers/" + n, json(tokM),
                    utf8("{\"choice\":\"A\"}"))));
            list.add(new Attack("odd question id", Kind.FOREIGN, r -> http("PUT", victims + "/answers/" + n, json(tokM),
                    utf8("{\"choice\":\"A\"}"))));
            list.add(new Attack("odd range", Kind.OWN, r -> http("GET", own + "/questions?from=" + n + "&to=" + n,
                    bearer(tokM), null)));
            list.add(new Attack("odd history", Kind.OWN, r -> http("GET", "/api/exams/history?limit=" + n + "&before="
                    + n, bearer(tokM), null)));
            list.add(new Attack("odd history cursor", Kind.OWN, r -> http("GET", "/api/exams/history?cursor=" + n,
                    bearer(tokM), null)));
        }
        for (String q : List.of("from=10&to=1", "from=1&to=100000", "from=-5&to=5", "from=&to=", "from=1&from=2&to=3",
                "limit=1&limit=2", "x=%00", "from=1&to=" + "9".repeat(30))) {
            list.add(new Attack("odd query", Kind.OWN, r -> http("GET", own + "/questions?" + q, bearer(tokM), null)));
        }

        // path tricks
        List<String> paths = List.of("/api/exams/..%2f..%2fhealth", "/api/exams/%2e%2e/%2e%2e/health",
                "/api/exams/%2e%2e%2fdebug%2fsession-stats", "/api/exams/" + m + "/..%2f" + v,
                "/api/exams/" + m + "/../" + v, "/api/exams/" + m + "/%2e%2e/" + v, victims + ";x=y",
                victims + "%3Bx", "/api/exams//" + v, "/api//exams/" + v, victims + "/", victims + "%2F",
                victims + "%00", "/api/exams/%00", victims + "/questions/1%00", "/api/exams/%C0%AE%C0%AE/health",
                "/api/exams/%ff%fe", "/api/exams/%F0%9F%92%A9", "/api/exams/types/../../debug/session-stats",
                "/API/EXAMS/TYPES", "/api/exams/types/", "/api/exams/types%2F..%2F..%2Fhealth", victims + "?userId="
                        + victim.id(), "/api/exams/%252e%252e/health", "/api/debug/session-stats",
                "/api/exams/" + v + "/review", "/%2e/api/exams/" + v, "/api/./exams/" + v, "/api/exams/./" + v);
        for (String path : paths) {
            Kind kind = path.contains(v) ? Kind.FOREIGN : Kind.OWN;
            list.add(new Attack("path trick", kind, r -> http("GET", path, bearer(tokM), null)));
            list.add(new Attack("path trick DELETE", kind, r -> http("DELETE", path, json(tokM), null)));
        }

        // tokens: none, garbage, expired, forged, alg:none, other algorithms, odd headers — on the victim's exam
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        String vSub = String.valueOf(victim.id());
        String claims = "{\"sub\":\"" + vSub + "\",\"exp\":" + exp + "}";
        String validVictimSignature = victim.token().substring(victim.token().lastIndexOf('.') + 1);
        List<String> tokens = List.of(
                User.token(vSub, Instant.now().minus(Duration.ofMinutes(5)), E2e.SECRET),
                User.token(vSub, Instant.now().plus(Duration.ofHours(1)), "another-secret-that-is-also-32-bytes-long!!"),
                User.token(vSub, Instant.now().plus(Duration.ofHours(1)), E2e.SECRET + " "),
                JWT.create().withSubject(vSub).withExpiresAt(new Date(exp * 1000)).sign(Algorithm.none()),
                b64.encodeToString(utf8("{\"alg\":\"none\",\"typ\":\"JWT\"}")) + "." + b64.encodeToString(utf8(claims)) + ".",
                b64.encodeToString(utf8("{\"alg\":\"NONE\"}")) + "." + b64.encodeToString(utf8(claims)) + "."
                        + validVictimSignature,
                b64.encodeToString(utf8("{\"alg\":\"HS256\"}")) + "." + b64.encodeToString(utf8(claims)) + "."
                        + validVictimSignature,
                JWT.create().withSubject(vSub).withExpiresAt(new Date(exp * 1000)).sign(Algorithm.HMAC512(E2e.SECRET)),
                JWT.create().withSubject(vSub).withExpiresAt(new Date(exp * 1000)).sign(Algorithm.HMAC384(E2e.SECRET)),
                JWT.create().withSubject(vSub).withExpiresAt(new Date(exp * 1000)).withKeyId("../../../dev/null")
                        .withHeader(Map.of("jku", "https://evil.example/keys")).sign(Algorithm.HMAC256("x".repeat(40))),
                JWT.create().withSubject(vSub).sign(Algorithm.HMAC256("y".repeat(40))),
                attacker.token().substring(0, attacker.token().lastIndexOf('.') + 1) + validVictimSignature,
                victim.token().substring(0, victim.token().lastIndexOf('.')) + ".",
                b64.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "."
                        + b64.encodeToString(utf8("{\"sub\":\"" + vSub + "\",\"exp\":\"never\"}")) + ".sig",
                "garbage", "a.b.c", "a.b", "....", "Ω.Ω.Ω", "x".repeat(20_000),
                b64.encodeToString(utf8("{\"alg\":\"HS256\"}")) + "." + b64.encodeToString(utf8("[1,2,3]")) + ".xx");
        for (String token : tokens) {
            list.add(new Attack("bad token read", Kind.FOREIGN, r -> http("GET", victims, bearer(token), null)));
            list.add(new Attack("bad token write", Kind.FOREIGN, r -> http("PUT", victims + "/answers/" + vq,
                    json(token), utf8("{\"choice\":\"D\"}"))));
            list.add(new Attack("bad token cookie", Kind.FOREIGN, r -> http("POST", victims + "/submit",
                    Map.of("Cookie", "sessionToken=" + token, "Content-Type", "application/json"), null)));
            list.add(new Attack("bad token active", Kind.OWN, r -> http("GET", "/api/exams/active", bearer(token), null)));
        }
        for (Map<String, String> headers : List.<Map<String, String>>of(Map.of(), Map.of("Authorization", "Bearer"),
                Map.of("Authorization", "Bearer "), Map.of("Authorization", "Basic dXNlcjpwYXNz"),
                Map.of("Authorization", "Bearer " + tokM + " " + tokM), Map.of("Authorization", "Token " + tokM),
                Map.of("Cookie", "sessionToken="), Map.of("Cookie", "sessionToken=" + tokM + "; sessionToken=garbage"),
                Map.of("Cookie", "sessionToken=\"" + tokM + "\""), Map.of("Cookie", "x=" + "y".repeat(9000)))) {
            list.add(new Attack("bad credentials", Kind.FOREIGN, r -> http("GET", victims, headers, null)));
            list.add(new Attack("bad credentials", Kind.OWN, r -> http("GET", "/api/exams/types", headers, null)));
        }
        list.add(new Attack("forged admin", Kind.OWN, r -> http("GET", "/api/debug/session-stats", bearer(
                JWT.create().withSubject(String.valueOf(attacker.id())).withArrayClaim("roles", new String[] {"admin"})
                        .withExpiresAt(new Date(exp * 1000)).sign(Algorithm.HMAC256("z".repeat(40)))), null)));
        list.add(new Attack("non-admin stats", Kind.OWN, r -> http("GET", "/api/debug/session-stats", bearer(tokM), null)));

        // other users' session ids, every route, with the attacker's valid token
        String jsonAnswer = "{\"choice\":\"D\"}";
        List<String[]> foreignRoutes = List.of(new String[] {"GET", victims, null},
                new String[] {"GET", victims + "/questions/1", null},
                new String[] {"GET", victims + "/questions?from=1&to=10", null},
                new String[] {"PUT", victims + "/answers/" + vq, jsonAnswer},
                new String[] {"PUT", victims + "/answers/" + vq, "{\"choice\":null}"},
                new String[] {"PUT", victims + "/flags/" + vq, "{\"flagged\":true}"},
                new String[] {"GET", victims + "/pause/status", null},
                new String[] {"POST", victims + "/pause/start", "{\"checkpoint\":5}"},
                new String[] {"POST", victims + "/pause/end", null},
                new String[] {"POST", victims + "/extend", "{\"minutes\":600}"},
                new String[] {"POST", victims + "/submit", null},
                new String[] {"GET", victims + "/review", null},
                new String[] {"DELETE", victims, null},
                new String[] {"PUT", own + "/answers/" + vq, jsonAnswer});
        for (String[] route : foreignRoutes) {
            Kind kind = route[1].startsWith(victims) ? Kind.FOREIGN : Kind.OWN;
            byte[] body = route[2] == null ? null : utf8(route[2]);
            list.add(new Attack("foreign session", kind, r -> http(route[0], route[1], json(tokM), body)));
            list.add(new Attack("foreign session cookie", kind, r -> http(route[0], route[1],
                    Map.of("Cookie", "sessionToken=" + tokM, "Content-Type", "application/json"), body)));
        }

        // CSRF: the victim's own cookie sent by a foreign page, a mutation without a JSON content type
        List<Map<String, String>> csrfHeaders = new ArrayList<>();
        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json-patch+json"}) {
            for (String origin : new String[] {null, EVIL_ORIGIN, "null"}) {
                Map<String, String> h = new java.util.HashMap<>();
                h.put("Cookie", "sessionToken=" + victim.token());
                if (contentType != null) {
                    h.put("Content-Type", contentType);
                }
                if (origin != null) {
                    h.put("Origin", origin);
                }
                csrfHeaders.add(Map.copyOf(h));
            }
        }
        List<String[]> mutations = List.of(new String[] {"PUT", victims + "/answers/" + vq, jsonAnswer},
                new String[] {"PUT", victims + "/flags/" + vq, "{\"flagged\":true}"},
                new String[] {"POST", victims + "/pause/start", "{\"checkpoint\":5}"},
                new String[] {"POST", victims + "/extend", "{\"minutes\":600}"},
                new String[] {"POST", victims + "/submit", null}, new String[] {"DELETE", victims, null},
                new String[] {"POST", "/api/exams/select", "{\"examType\":\"pmp\",\"mode\":\"practice\"}"});
        for (String[] route : mutations) {
            for (Map<String, String> headers : csrfHeaders) {
                byte[] body = route[2] == null ? null : utf8(route[2]);
                list.add(new Attack("csrf", Kind.CSRF, r -> http(route[0], route[1], headers, body)));
            }
        }
        // a foreign page may not read the victim's exam either (no CORS for it)
        list.add(new Attack("cors read", Kind.CORS, r -> http("GET", victims,
                Map.of("Cookie", "sessionToken=" + victim.token(), "Origin", EVIL_ORIGIN), null)));
        list.add(new Attack("cors preflight", Kind.CORS, r -> http("OPTIONS", victims + "/answers/" + vq,
                Map.of("Origin", EVIL_ORIGIN, "Access-Control-Request-Method", "PUT",
                        "Access-Control-Request-Headers", "content-type"), null)));

        // odd methods
        for (String method : List.of("TRACE", "PATCH", "HEAD", "OPTIONS", "FOO", "CONNECT")) {
            // OPTIONS without an Origin is no read; its body is still checked for the victim's data
            Kind kind = method.equals("OPTIONS") ? Kind.OWN : Kind.FOREIGN;
            list.add(new Attack("method " + method, kind, r -> http(method, victims, json(tokM), null)));
            list.add(new Attack("method " + method, Kind.OWN, r -> http(method, "/api/exams/types", bearer(tokM), null)));
        }

        // raw bytes java.net.http would not send
        String auth = "Authorization: Bearer " + tokM + "\r\n";
        List<String> raws = List.of(
                "GET /api/exams/s-AAAA\u0000AAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/../../health HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/" + m + "/../" + v + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/%zz HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/%c0%ae%c0%ae/health HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/\u00ff\u00fe\u00c3 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/\u00c3\u00bc\u00e2\u0080\u00ae HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/" + "A".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/types HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n" + auth + "\r\n",
                "GET http://evil.example/api/exams/" + v + " HTTP/1.1\r\nHost: evil.example\r\n" + auth + "\r\n",
                "GET /api/exams/types HTTP/9.9\r\nHost: x\r\n" + auth + "\r\n",
                "GET /api/exams/types\r\n\r\n",
                "GARBAGE\r\n\r\n",
                "\r\n\r\n\r\n",
                "GET /api/exams/types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0001\u0002\u0003\r\n\r\n",
                "GET /api/exams/types HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tokM + "\r\n in folded\r\n\r\n",
                "GET /api/exams/types HTTP/1.1\r\nHost: x\r\nHost: y\r\n" + auth + "\r\n",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /api/exams/" + v + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"choice\":\"A\"}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json; charset=utf-16\r\nContent-Length: 14\r\n\r\n{\"choice\":\"A\"}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"choice\":\"\u00ff\u00fe\"}",
                // the client hangs up in the middle of its body
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"choice\":\"A\"}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 14\r\n\r\n{\"choice\":\"A\"}",
                "PUT /api/exams/" + m + "/answers/" + mq + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 14\r\n\r\n{\"choice\":\"A\"}");
        for (String rawText : raws) {
            Kind kind = rawText.contains(v) ? Kind.FOREIGN : Kind.OWN;
            list.add(new Attack("raw", kind, r -> rawBytes(rawText.getBytes(StandardCharsets.ISO_8859_1))));
        }

        // fuzz: random path segments and mutated bodies (new input every time)
        list.add(new Attack("fuzz session id", Kind.OWN, r -> http("GET", "/api/exams/" + fuzzSegment(r),
                bearer(tokM), null)));
        list.add(new Attack("fuzz question", Kind.OWN, r -> http("PUT", own + "/answers/" + fuzzSegment(r),
                json(tokM), utf8("{\"choice\":\"B\"}"))));
        list.add(new Attack("fuzz body", Kind.OWN, r -> http("PUT", own + "/answers/" + mq, json(tokM),
                fuzzBody(r, "{\"choice\":\"B\"}"))));
        list.add(new Attack("fuzz body", Kind.OWN, r -> http("POST", "/api/exams/select", json(tokM),
                fuzzBody(r, "{\"examType\":\"pmp\",\"mode\":\"practice\",\"questionCount\":5}"))));
        list.add(new Attack("fuzz body", Kind.FOREIGN, r -> http("PUT", victims + "/answers/" + vq, json(tokM),
                fuzzBody(r, "{\"choice\":\"B\"}"))));
        list.add(new Attack("fuzz token", Kind.FOREIGN, r -> http("GET", victims, bearer(fuzzToken(r, victim.token())),
                null)));
        list.add(new Attack("fuzz raw path", Kind.OWN, r -> rawBytes(("GET /api/exams/" + fuzzRaw(r)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "\r\n").getBytes(StandardCharsets.ISO_8859_1))));
        return List.copyOf(list);
    }

    private static String fuzzSegment(Random r) {
        String[] pieces = {"s-", "A", "z", "9", "_", "-", "%2F", "%2f", "%00", "%25", "%2e", ".", "..", "%E2%80%AE",
                "%F0%9F%98%80", "%C3%BC", "%0A", "%20", "~", "!", "$", "'", "(", "*", "+", ",", ";", "=", ":", "@"};
        StringBuilder sb = new StringBuilder(r.nextBoolean() ? "s-" : "");
        int n = r.nextInt(r.nextInt(10) == 0 ? 400 : 40);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[r.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    private static String fuzzRaw(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(256);
            // keep the request line a request line: no space, CR or LF
            sb.append(c == ' ' || c == '\r' || c == '\n' ? 'x' : (char) c);
        }
        return sb.toString();
    }

    private static byte[] fuzzBody(Random r, String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + r.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = r.nextInt(bytes.length);
            switch (r.nextInt(4)) {
                case 0 -> bytes[at] = (byte) r.nextInt(256);
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, Math.max(1, at));
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    String inserted = "{}[]\",:\\0-e.tfn\u0000";
                    longer[at] = (byte) inserted.charAt(r.nextInt(inserted.length()));
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    String replaced = "{}[]\",:\\0-e.tfn";
                    bytes[at] = (byte) replaced.charAt(r.nextInt(replaced.length()));
                }
            }
        }
        return bytes;
    }

    private static String fuzzToken(Random r, String token) {
        char[] chars = token.toCharArray();
        int mutations = 1 + r.nextInt(3);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < mutations; i++) {
            // not the last character: its low bits are padding, so some changes decode to the same signature
            chars[r.nextInt(chars.length - 1)] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        String mutated = new String(chars);
        // a mutation that leaves the token as it was is not an attack
        return mutated.equals(token) ? mutated + "x" : mutated;
    }
}
