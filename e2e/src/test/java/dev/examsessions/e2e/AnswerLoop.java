package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.web.ApiClient;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user answering the questions of its own exam in a bounded loop, requests alternating over the given
 * instances: round r answers every question with {@code "ABCD"[r % 4]}, so every answer is a change. Every
 * {@code readEvery}-th request reads the exam instead and checks that it shows every acknowledged answer.
 * Records what was acknowledged (200), every outcome with its timing, and the responses by status.
 */
final class AnswerLoop implements Runnable {
    private static final String CHOICES = "ABCD";

    /** One request: when it started and ended (nanoTime), its status (-1: no response), and whether it read. */
    record Outcome(long startNanos, long endNanos, int status, boolean read) {
    }

    final User user;
    final String sessionId;
    private final List<Long> questionIds;
    private final List<Api> apis;
    private final int readEvery;
    private final int maxRequests;
    private final int stopAfterNoResponses;
    private final AtomicBoolean stop = new AtomicBoolean();

    /** question id → choice of its last acknowledged answer (written by the loop thread only). */
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    /** Questions whose last request got no answer or no 200: their stored choice is not known. */
    private final Set<Long> unknown = Collections.synchronizedSet(new HashSet<>());
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger staleReads = new AtomicInteger();
    private final List<Long> staleReadNanos = Collections.synchronizedList(new ArrayList<>());
    private volatile String firstProblem;

    AnswerLoop(User user, JsonNode exam, List<Api> apis, int readEvery, int maxRequests, int stopAfterNoResponses) {
        this.user = user;
        this.sessionId = exam.path("sessionId").asText();
        this.questionIds = E2e.questionIds(exam);
        this.apis = List.copyOf(apis);
        this.readEvery = readEvery;
        this.maxRequests = maxRequests;
        this.stopAfterNoResponses = stopAfterNoResponses;
    }

    @Override
    public void run() {
        int answered = 0;
        int noResponsesInARow = 0;
        for (int i = 0; i < maxRequests && !stop.get(); i++) {
            Api api = apis.get(i % apis.size());
            boolean read = readEvery > 0 && i % readEvery == readEvery - 1;
            long start = System.nanoTime();
            int status;
            try {
                if (read) {
                    ApiClient.Response r = api.state(user, sessionId);
                    status = r.status();
                    if (status == 200) {
                        checkRead(api, r.json());
                    }
                } else {
                    long qid = questionIds.get(answered % questionIds.size());
                    String choice = String.valueOf(CHOICES.charAt((answered / questionIds.size()) % CHOICES.length()));
                    answered++;
                    unknown.add(qid);
                    ApiClient.Response r = api.answer(user, sessionId, qid, choice);
                    status = r.status();
                    if (status == 200) {
                        acknowledged.put(qid, choice);
                        unknown.remove(qid);
                        acks.incrementAndGet();
                    } else {
                        problem(api + " PUT answer " + qid + ": " + r);
                    }
                }
                noResponsesInARow = 0;
            } catch (UncheckedIOException e) {
                status = -1;
                noResponsesInARow++;
            }
            outcomes.add(new Outcome(start, System.nanoTime(), status, read));
            statuses.computeIfAbsent(status == -1 ? "no-response" : Integer.toString(status),
                    k -> new AtomicInteger()).incrementAndGet();
            requests.incrementAndGet();
            if (stopAfterNoResponses > 0 && noResponsesInARow >= stopAfterNoResponses) {
                return;
            }
        }
    }

    private void checkRead(Api api, JsonNode state) {
        long missing = E2e.missing(acknowledged(), E2e.answers(state));
        if (missing > 0) {
            staleReads.incrementAndGet();
            staleReadNanos.add(System.nanoTime());
            problem(api + " stale read of " + sessionId + ": " + missing + " acknowledged answers missing or old"
                    + " (version " + state.path("version").asLong() + ", recovered "
                    + state.path("recovered").asBoolean() + ")");
        }
    }

    private void problem(String text) {
        if (firstProblem == null) {
            firstProblem = text;
        }
    }

    void stop() {
        stop.set(true);
    }

    int acks() {
        return acks.get();
    }

    int requests() {
        return requests.get();
    }

    int staleReads() {
        return staleReads.get();
    }

    /** When the stale reads happened (nanoTime). */
    List<Long> staleReadNanos() {
        return snapshot(staleReadNanos);
    }

    /** The acknowledged answers, minus questions whose later request has an unknown outcome. */
    Map<Long, String> acknowledged() {
        Map<Long, String> copy = new TreeMap<>(acknowledged);
        copy.keySet().removeAll(Set.copyOf(unknown));
        return copy;
    }

    int unknownCount() {
        return unknown.size();
    }

    List<Outcome> outcomes() {
        return snapshot(outcomes);
    }

    Map<String, Integer> statuses() {
        Map<String, Integer> copy = new TreeMap<>();
        statuses.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The first unexpected thing the loop saw (a non-200, a stale read), or null. */
    String firstProblem() {
        return firstProblem;
    }

    /** A copy of a list the loop thread appends to. */
    private static <T> List<T> snapshot(List<T> synchronizedList) {
        synchronized (synchronizedList) {
            return List.copyOf(synchronizedList);
        }
    }

    /** Sums the status counts of several loops. */
    static Map<String, Integer> statuses(List<AnswerLoop> loops) {
        Map<String, Integer> sum = new TreeMap<>();
        loops.forEach(l -> l.statuses().forEach((k, v) -> sum.merge(k, v, Integer::sum)));
        return sum;
    }

    /** Runs the loops on their own threads. */
    static List<Thread> startAll(List<AnswerLoop> loops, String name) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            Thread t = new Thread(loops.get(i), name + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /** Stops the loops and waits (bounded) for their threads. */
    static void stopAll(List<AnswerLoop> loops, List<Thread> threads) {
        loops.forEach(AnswerLoop::stop);
        for (Thread t : threads) {
            try {
                t.join(Api.REQUEST_TIMEOUT.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop");
            }
        }
    }
}
