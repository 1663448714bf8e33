package dev.examsessions.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

// Usage: Pace <baseUrl> <firstUserId> <stepSeconds> <takers per step, ascending: 500,1000,2000,...>; AUTH_SECRET in
// the environment. Each simulated taker sends one answer every 20 s (the next question of its session, so every answer
// is a change) and one pause/status poll every 10 s, its first of each at a random moment of the period, so the load
// is steady from the first second. Open loop: a request is sent at its planned time whatever the earlier ones are
// doing, and its latency counts from that planned time (a late send is latency too). Steps up until a step fails
// (answer p99 > 100 ms or any non-2xx or failed request). Prints one PACE line per step and a PACE_RESULT line.
/** The "takers per instance at a realistic pace" measurement: an open-loop driver stepping the number of takers up. */
public final class Pace {
    static final Duration ANSWER_EVERY = Duration.ofSeconds(20);
    static final Duration POLL_EVERY = Duration.ofSeconds(10);
    static final long ANSWER_P99_LIMIT_US = 100_000;
    static final Duration SETTLE = Duration.ofSeconds(15);

    private Pace() {
    }

    /** One planned request: when, which taker, answer or poll. */
    private record Planned(long dueNanos, int taker, boolean answer) {
    }

    /** What one step measured. */
    private record StepResult(int takers, long answers, long polls, long[] answerUs, long[] pollUs, long non2xx,
                              long failed, double seconds, double machineBusy, double serviceCores, double driverCores) {
        boolean passed() {
            return non2xx == 0 && failed == 0 && percentile(answerUs, 99) <= ANSWER_P99_LIMIT_US;
        }

        String line() {
            return String.format("PACE takers=%d seconds=%.0f answers=%d answer_rps=%.1f answer_p50_us=%d answer_p99_us=%d"
                            + " answer_max_us=%d polls=%d poll_rps=%.1f poll_p50_us=%d poll_p99_us=%d non2xx=%d failed=%d"
                            + " machine_busy_pct=%.0f service_cores=%.2f driver_cores=%.2f passed=%s",
                    takers, seconds, answers, answers / seconds, percentile(answerUs, 50), percentile(answerUs, 99),
                    percentile(answerUs, 100), polls, polls / seconds, percentile(pollUs, 50), percentile(pollUs, 99),
                    non2xx, failed, machineBusy, serviceCores, driverCores, passed());
        }
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        long firstUser = Long.parseLong(args[1]);
        int stepSeconds = Integer.parseInt(args[2]);
        int[] steps = Arrays.stream(args[3].split("[, ]+")).mapToInt(Integer::parseInt).toArray();
        long servicePid = args.length > 4 ? Long.parseLong(args[4]) : 0; // optional: to report the service's CPU
        Algorithm hs256 = Algorithm.HMAC256(System.getenv("AUTH_SECRET").getBytes(StandardCharsets.UTF_8));
        Http setupHttp = new Http(baseUrl);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4, daemon("pace-io"))).build();
        List<Taker> takers = new ArrayList<>();
        int[] nextQuestion = new int[steps.length == 0 ? 0 : Arrays.stream(steps).max().getAsInt()];
        int best = 0;
        for (int n : steps) {
            addTakers(setupHttp, hs256, takers, n, firstUser);
            // the burst of starts is not what is measured: let the database and the JVM finish its after-effects
            Thread.sleep(SETTLE.toMillis());
            StepResult r = runStep(client, baseUrl, takers.subList(0, n), nextQuestion, stepSeconds, servicePid);
            System.out.println(r.line());
            if (!r.passed()) {
                break;
            }
            best = n;
        }
        System.out.println("PACE_RESULT max_takers=" + best + " step_seconds=" + stepSeconds);
        System.exit(0);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts exams until there are {@code n} takers (not measured; the start is not what an operator plans for). */
    private static void addTakers(Http http, Algorithm hs256, List<Taker> takers, int n, long firstUser) throws Exception {
        if (takers.size() >= n) {
            return;
        }
        long started = System.nanoTime();
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8, daemon("pace-setup"));
        List<Future<Taker>> futures = new ArrayList<>();
        for (int i = takers.size(); i < n; i++) {
            String token = JWT.create().withSubject(Long.toString(firstUser + i)).withIssuedAt(now)
                    .withExpiresAt(now.plus(Duration.ofHours(24))).sign(hs256);
            futures.add(pool.submit(() -> TakerSetup.start(http, token, "pmp", "practice", 0)));
        }
        for (Future<Taker> f : futures) {
            takers.add(f.get());
        }
        pool.shutdown();
        System.err.printf("pace: %d takers ready (%d new in %d ms)%n", n, futures.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static StepResult runStep(HttpClient client, String baseUrl, List<Taker> takers, int[] nextQuestion,
                                      int stepSeconds, long servicePid) throws InterruptedException {
        long[] cpuBefore = machineTicks();
        long serviceBefore = processTicks(servicePid);
        long driverBefore = driverCpuNanos();
        long wallBefore = System.nanoTime();
        Random random = new Random(takers.size());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long end = start + TimeUnit.SECONDS.toNanos(stepSeconds);
        List<Planned> plan = new ArrayList<>();
        for (int t = 0; t < takers.size(); t++) {
            plan(plan, t, true, start + (long) (random.nextDouble() * ANSWER_EVERY.toNanos()), ANSWER_EVERY.toNanos(), end);
            plan(plan, t, false, start + (long) (random.nextDouble() * POLL_EVERY.toNanos()), POLL_EVERY.toNanos(), end);
        }
        plan.sort((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));
        Recorder answers = new Recorder(plan.size());
        Recorder polls = new Recorder(plan.size());
        List<CompletableFuture<?>> inFlight = new ArrayList<>(plan.size());
        for (Planned p : plan) {
            long wait = p.dueNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Taker taker = takers.get(p.taker());
            HttpRequest request = p.answer() ? answer(baseUrl, taker, nextQuestion, p.taker()) : poll(baseUrl, taker);
            Recorder into = p.answer() ? answers : polls;
            inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> into.record(p.dueNanos(), response, error)));
        }
        for (CompletableFuture<?> f : inFlight) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // recorded as failed by the recorder
            }
        }
        double seconds = stepSeconds;
        long[] cpuAfter = machineTicks();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        double busy = 100.0 * (cpuAfter[0] - cpuBefore[0]) / Math.max(1, cpuAfter[1] - cpuBefore[1]);
        double service = (processTicks(servicePid) - serviceBefore) / TICKS_PER_SECOND / wall;
        double driver = (driverCpuNanos() - driverBefore) / 1e9 / wall;
        return new StepResult(takers.size(), answers.count(), polls.count(), answers.sortedMicros(), polls.sortedMicros(),
                answers.non2xx() + polls.non2xx(), answers.failed() + polls.failed(), seconds, busy, service, driver);
    }

    /** Clock ticks per second of {@code /proc} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** utime + stime of a process in clock ticks ({@code /proc/<pid>/stat}); 0 when unknown. */
    private static long processTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time this driver's JVM has used, in nanoseconds. */
    private static long driverCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Busy and total clock ticks of all cores ({@code /proc/stat}); zeros where there is no such file. */
    private static long[] machineTicks() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]), steal = Long.parseLong(f[8]);
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static void plan(List<Planned> plan, int taker, boolean answer, long first, long every, long end) {
        for (long due = first; due < end; due += every) {
            plan.add(new Planned(due, taker, answer));
        }
    }

    private static HttpRequest answer(String baseUrl, Taker taker, int[] nextQuestion, int index) {
        int k = nextQuestion[index]++;
        long[] ids = taker.questionIds();
        // the next question of the session; after a full pass the next letter, so every answer is a change
        String choice = String.valueOf("ABCD".charAt((k / ids.length) % 4));
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/exams/" + taker.sessionId() + "/answers/" + ids[k % ids.length]))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + taker.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"choice\":\"" + choice + "\"}"))
                .build();
    }

    private static HttpRequest poll(String baseUrl, Taker taker) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/exams/" + taker.sessionId() + "/pause/status"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + taker.token())
                .GET()
                .build();
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(sorted.length * p / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Latencies (from the planned send time) and failures of one kind of request. */
    private static final class Recorder {
        private final long[] micros;
        private int count;
        private long non2xx;
        private long failed;

        Recorder(int capacity) {
            micros = new long[capacity];
        }

        synchronized void record(long dueNanos, HttpResponse<?> response, Throwable error) {
            micros[count++] = (System.nanoTime() - dueNanos) / 1_000;
            if (error != null) {
                failed++;
            } else if (response.statusCode() / 100 != 2) {
                non2xx++;
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized long non2xx() {
            return non2xx;
        }

        synchronized long failed() {
            return failed;
        }

        synchronized long[] sortedMicros() {
            long[] copy = Arrays.copyOf(micros, count);
            Arrays.sort(copy);
            return copy;
        }
    }
}
