package dev.examsessions.web;

import dev.examsessions.domain.port.ExamEvents;
import dev.examsessions.domain.model.ExamSession;
import dev.examsessions.domain.port.SessionStoreState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's metrics: a Prometheus registry with JVM binders, the request latency histogram (tagged by route
 * template, never by raw path) and the meters fed by the exam service's and the session store's events.
 */
public final class WebMetrics implements ExamEvents, AutoCloseable {
    static final String REQUEST_TIMER = "http.server.requests";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Fixed buckets (Prometheus {@code le}): few enough per series, fine enough below 100 ms where answers live. */
    static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter answers;
    private final Counter rebuilt;
    private final Counter startsRefused;
    private final Counter storeErrors;
    private final Counter staleDropped;
    private final Counter sweepFinalized;
    private final ConcurrentMap<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();
    private final AtomicReference<SessionStoreState> storeState = new AtomicReference<>(SessionStoreState.UP);

    public WebMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        answers = Counter.builder("exam.answers.recorded")
                .description("Answers recorded (set, changed or cleared)").register(registry);
        rebuilt = Counter.builder("exam.sessions.rebuilt")
                .description("Hot session copies rebuilt from the attempt record").register(registry);
        startsRefused = Counter.builder("exam.starts.rate.limited")
                .description("New exams refused by the start rate limit (429)").register(registry);
        storeErrors = Counter.builder("exam.session.store.errors")
                .description("Calls to the primary session store that failed (then served by the fallback)")
                .register(registry);
        staleDropped = Counter.builder("exam.session.store.stale.copies.dropped")
                .description("Copies changed during an outage dropped from the primary when it came back")
                .register(registry);
        sweepFinalized = Counter.builder("exam.sweep.finalized")
                .description("Overdue exams finalized (TIMED_OUT) by the sweep").register(registry);
        for (SessionStoreState state : SessionStoreState.values()) {
            Gauge.builder("exam.session.store.state", storeState, s -> s.get() == state ? 1 : 0)
                    .description("1 for where session calls go now (up: primary, fallback, refusing), else 0")
                    .tag("state", state.wireName())
                    .register(registry);
            Counter.builder("exam.session.store.transitions").tag("to", state.wireName())
                    .description("Changes of the session store state, by the state entered").register(registry);
        }
        for (boolean ok : new boolean[] {true, false}) {
            Counter.builder("exam.sweep.runs").tag("outcome", ok ? "ok" : "error")
                    .description("Runs of the overdue sweep").register(registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    /** Records one HTTP request under its route template ({@code NOT_FOUND} when nothing matched). */
    void recordRequest(String method, String route, int status, long nanos) {
        String m = method == null ? "OTHER" : method.toUpperCase(java.util.Locale.ROOT);
        RequestSeries series = new RequestSeries(METHODS.contains(m) ? m : "OTHER", route, status);
        // one lookup per request instead of building and registering the timer's id again
        requestTimers.computeIfAbsent(series, this::requestTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(RequestSeries series) {
        return Timer.builder(REQUEST_TIMER)
                .description("HTTP requests by route template")
                .tag("method", series.method())
                .tag("uri", series.route())
                .tag("status", Integer.toString(series.status()))
                .tag("outcome", outcome(series.status()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /** The tags of one request series: few (methods × route templates × statuses). */
    private record RequestSeries(String method, String route, int status) {
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        } else if (status < 300) {
            return "SUCCESS";
        } else if (status < 400) {
            return "REDIRECTION";
        } else if (status < 500) {
            return "CLIENT_ERROR";
        }
        return "SERVER_ERROR";
    }

    @Override
    public void examStarted(ExamSession session) {
        registry.counter("exam.sessions.started", "mode", session.mode().wireName()).increment();
    }

    @Override
    public void examFinished(ExamSession session) {
        registry.counter("exam.sessions.finished", "status", session.status().name()).increment();
    }

    @Override
    public void answerRecorded(ExamSession session) {
        answers.increment();
    }

    @Override
    public void sessionRebuilt(ExamSession session) {
        rebuilt.increment();
    }

    @Override
    public void examStartRefused() {
        startsRefused.increment();
    }

    @Override
    public void sessionStoreStateChanged(SessionStoreState state) {
        if (storeState.getAndSet(state) != state) {
            registry.counter("exam.session.store.transitions", "to", state.wireName()).increment();
        }
    }

    @Override
    public void sessionStoreError() {
        storeErrors.increment();
    }

    @Override
    public void staleCopiesDropped(int count) {
        staleDropped.increment(count);
    }

    @Override
    public void sweepRan(boolean ok, int finalized) {
        registry.counter("exam.sweep.runs", "outcome", ok ? "ok" : "error").increment();
        sweepFinalized.increment(finalized);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
