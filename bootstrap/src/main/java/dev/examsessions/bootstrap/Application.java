package dev.examsessions.bootstrap;

import dev.examsessions.adapter.files.JsonExamCatalog;
import dev.examsessions.adapter.files.JsonQuestionBank;
import dev.examsessions.domain.port.ExamCatalog;
import dev.examsessions.domain.service.ExamService;
import dev.examsessions.domain.port.QuestionBank;
import dev.examsessions.web.AuthSettings;
import dev.examsessions.web.HttpApi;
import dev.examsessions.web.WebMetrics;
import dev.examsessions.web.WebSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The composition root: chooses adapters from the configuration, wires the service, starts HTTP and jobs. */
public final class Application implements AutoCloseable {
    private static final Logger APP = LoggerFactory.getLogger(Application.class);

    private final HttpApi http;
    private final BackgroundJobs jobs;
    private final List<AutoCloseable> resources;
    private boolean closed;

    private Application(HttpApi http, BackgroundJobs jobs, List<AutoCloseable> resources) {
        this.http = http;
        this.jobs = jobs;
        this.resources = resources;
    }

    public static Application start(AppConfig config) {
        return start(config, Clock.tickMillis(java.time.ZoneOffset.UTC));
    }

    /** Starts the whole service; {@code clock} drives every exam rule (tests pass a controllable one). */
    public static Application start(AppConfig config, Clock clock) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // first: the stores report to the metrics from the moment they open
            WebMetrics metrics = new WebMetrics();
            resources.add(metrics);
            Stores stores = Stores.open(config, clock, resources, metrics, metrics.registry());
            QuestionBank bank = config.questionBankFile() == null
                    ? JsonQuestionBank.bundled() : JsonQuestionBank.fromFile(config.questionBankFile());
            ExamCatalog catalog = config.examCatalogFile() == null
                    ? JsonExamCatalog.bundled() : JsonExamCatalog.fromFile(config.examCatalogFile());
            ExamService exams = new ExamService(stores.sessions(), stores.attempts(), bank, catalog,
                    stores.startLimiter(), metrics, clock);

            AuthSettings auth = DevAuth.settings(config, clock);
            BackgroundJobs jobs = BackgroundJobs.start(exams, stores.memorySessions(), stores.memoryAttempts(),
                    config.cleanupInterval(), config.sessionTtl(), metrics);
            resources.add(0, jobs);
            boolean devSignIn = DevAuth.isDevMode(config);
            HttpApi http = HttpApi.start(new WebSettings("0.0.0.0", config.port(), auth, config.corsOrigins(),
                    config.corsAllowedHeaders(), config.shutdownDrain(), devSignIn, config.httpThreads()), exams, metrics);
            APP.info("exam-sessions listening on port {}", http.port());
            if (devSignIn) {
                DevAuth.printPageHint(http.port());
            }
            return new Application(http, jobs, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    public int port() {
        return http.port();
    }



    /** Runs the memory clean-up now (what {@code SESSION_CLEANUP_INTERVAL} schedules). */
    public void cleanUpMemory() {
        jobs.cleanUpMemory();
    }

    /** Runs the overdue sweep now; returns how many exams it finalized. */
    public int sweepOverdue() {
        return jobs.sweepOverdue();
    }

    /** Stops HTTP gracefully (in-flight requests may finish within SHUTDOWN_DRAIN), then jobs and stores. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop();
        closeAll(resources);
        APP.info("exam-sessions stopped");
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                APP.warn("error while closing {}: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }

}
