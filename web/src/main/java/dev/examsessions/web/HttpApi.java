package dev.examsessions.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.examsessions.domain.service.ExamService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running HTTP server: Javalin wired with the route table, the guard, the problem mapper and metrics. */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Javalin app;
    private final WebMetrics metrics;
    private final List<Gauge> gauges;
    private final JettyServerThreadPoolMetrics threadPoolMetrics;
    private final AtomicBoolean draining;

    private HttpApi(Javalin app, WebMetrics metrics, List<Gauge> gauges, JettyServerThreadPoolMetrics threadPoolMetrics,
                    AtomicBoolean draining) {
        this.draining = draining;
        this.app = app;
        this.metrics = metrics;
        this.gauges = gauges;
        this.threadPoolMetrics = threadPoolMetrics;
    }

    /** Starts the server; {@code settings.port() == 0} binds an ephemeral port (see {@link #port()}). */
    public static HttpApi start(WebSettings settings, ExamService exams, WebMetrics metrics) {
        ObjectMapper json = Json.mapper();
        Cors cors = new Cors(settings.corsOrigins(), settings.corsAllowedHeaders());
        RequestGuard guard = new RequestGuard(new JwtTokens(settings.auth()), cors);
        AtomicBoolean draining = new AtomicBoolean();
        List<RouteTable.Route> routes = new java.util.ArrayList<>(RouteTable.routes(new ExamHandlers(exams, json),
                new OpsHandlers(exams.stores(), metrics, OpsHandlers.loadOpenApi(), draining::get)));
        if (settings.devSignIn()) {
            routes.addAll(RouteTable.devRoutes(new DevSignIn(settings.auth(), json, java.time.Clock.systemUTC())));
        }
        ProblemJson problemJson = new ProblemJson(json);
        ProblemMapper problems = new ProblemMapper(problemJson, new AllowedMethods(routes));
        long drainMs = settings.shutdownDrain().toMillis();

        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.threadPool = requestThreads(settings.maxThreads());
            cfg.http.maxRequestSize = RequestGuard.MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> {
                // Graceful stop: the connectors stop accepting new connections; requests in flight finish and
                // requests still arriving on open connections are served with Connection: close, within the
                // drain time (Jetty's GracefulHandler would answer those with 503).
                server.insertHandler(new DrainingHandler());
                server.insertHandler(new IgnoredConditionals());
                server.setStopTimeout(drainMs);
                server.setErrorHandler(new JettyProblemErrorHandler(problemJson));
            });
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(settings.host());
                connector.setPort(settings.port());
                connector.addBean(new JettyConnectionMetrics(metrics.registry(), connector));
                return connector;
            });
            cfg.routes.before(RequestIds::before);
            cfg.routes.before(ResponseDefaults::before);
            cfg.routes.before(cors::before);
            ExamPage.register(cfg);
            for (RouteTable.Route route : routes) {
                Handler guarded = guard.wrap(route);
                cfg.routes.addHttpHandler(route.method(), route.path(), guarded);
                if (route.method() == HandlerType.GET) {
                    // HEAD is GET without the body, through the same guard (Javalin would otherwise answer
                    // HEAD itself with 200 for any path that has a GET route, without running the guard).
                    cfg.routes.addHttpHandler(HandlerType.HEAD, route.path(), guarded);
                }
            }
            cfg.routes.after(ResponseDefaults::after);
            cfg.routes.exception(HttpResponseException.class, problems::handle);
            cfg.routes.exception(Exception.class, problems::handle);
            cfg.requestLogger.http((ctx, ms) -> {
                metrics.recordRequest(ctx.method().name(), routeTemplate(ctx), ctx.statusCode(), (long) (ms * 1_000_000L));
                RequestIds.after();
            });
        });
        app.start();

        JettyServerThreadPoolMetrics threadPool = new JettyServerThreadPoolMetrics(app.jettyServer().threadPool(), Tags.empty());
        threadPool.bindTo(metrics.registry());
        Gauge active = Gauge.builder("exam.sessions.active", exams.stores(), s -> s.sessionStats().sessionCount())
                .description("Exam sessions held by the session store")
                .strongReference(true)
                .register(metrics.registry());
        Gauge attemptRecordUp = Gauge.builder("exam.attempt.record.up", exams.stores(),
                        s -> s.attemptHealth().available() ? 1 : 0)
                .description("1 while the attempt record (the source of truth) answers, else 0")
                .strongReference(true)
                .register(metrics.registry());
        LOG.info("HTTP API listening on {}:{}", settings.host(), app.port());
        return new HttpApi(app, metrics, List.of(active, attemptRecordUp), threadPool, draining);
    }

    public int port() {
        return app.port();
    }

    /** Javalin's own pool (same name, minimum and idle time), bounded by the settings instead of 250 threads. */
    private static QueuedThreadPool requestThreads(int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads), 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }

    /** Stops accepting, lets in-flight requests finish within the drain time, then stops. */
    public void stop() {
        // readiness answers 503 from now on (to requests still arriving on open connections during the drain)
        draining.set(true);
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        } finally {
            gauges.forEach(metrics.registry()::remove);
            try {
                threadPoolMetrics.close();
            } catch (Exception e) {
                LOG.debug("Could not unbind thread pool metrics", e);
            }
        }
    }

    /** The matched route template; never the raw path (session ids would explode the series). */
    static String routeTemplate(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(Cors.PREFLIGHT_ATTRIBUTE))) {
            return "CORS_PREFLIGHT";
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null && !endpoint.path.isEmpty()) {
            return endpoint.path;
        }
        if (ctx.statusCode() < 400 && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)) {
            return "STATIC"; // the exam page's files: one series, whatever the file
        }
        return ctx.statusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
    }
}
