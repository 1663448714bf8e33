package dev.examsessions.web;

import dev.examsessions.domain.ExamEvents;
import dev.examsessions.domain.ExamSession;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The service's metrics: a Prometheus registry with JVM binders, the request timer (tagged by route
 * template, never by raw path) and counters fed by the exam service's events.
 */
public final class WebMetrics implements ExamEvents, AutoCloseable {
    static final String REQUEST_TIMER = "http.server.requests";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter answers;
    private final Counter rebuilt;

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
        Timer.builder(REQUEST_TIMER)
                .description("HTTP requests by route template")
                .tag("method", METHODS.contains(m) ? m : "OTHER")
                .tag("uri", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
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
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
