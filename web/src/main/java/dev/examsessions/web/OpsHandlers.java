package dev.examsessions.web;

import dev.examsessions.domain.service.StoreReports;
import dev.examsessions.web.dto.HealthResponse;
import dev.examsessions.web.dto.ProbeResponse;
import dev.examsessions.web.dto.SessionStatsResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** Handlers of the operational routes: health and probes, Prometheus metrics, the OpenAPI document, admin stats. */
final class OpsHandlers {
    static final String OPENAPI_RESOURCE = "/openapi.json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final StoreReports stores;
    private final WebMetrics metrics;
    private final byte[] openApi;
    private final BooleanSupplier draining;

    OpsHandlers(StoreReports stores, WebMetrics metrics, byte[] openApi) {
        this(stores, metrics, openApi, () -> false);
    }

    OpsHandlers(StoreReports stores, WebMetrics metrics, byte[] openApi, BooleanSupplier draining) {
        this.stores = stores;
        this.metrics = metrics;
        this.openApi = openApi;
        this.draining = draining;
    }

    /** Liveness: the process answers HTTP; never depends on a store (a restart would not bring one back). */
    void live(Context ctx, Caller caller) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(ProbeResponse.up());
    }

    /**
     * Readiness: false while the server drains at shutdown and while the attempt record (the source of truth)
     * is unreachable; a session store on its fallback still serves, so it does not make the instance unready.
     */
    void ready(Context ctx, Caller caller) {
        ProbeResponse probe = draining.getAsBoolean() ? ProbeResponse.notReady("draining")
                : !stores.attemptHealth().available() ? ProbeResponse.notReady("attempt record unreachable")
                : ProbeResponse.up();
        ctx.status(probe.reason() == null ? 200 : 503);
        ctx.header("Cache-Control", "no-store");
        ctx.json(probe);
    }

    void health(Context ctx, Caller caller) {
        HealthResponse health = HealthResponse.from(stores.sessionStats(), stores.attemptHealth());
        ctx.status(health.down() ? 503 : 200);
        ctx.header("Cache-Control", "no-store");
        ctx.json(health);
    }

    void metrics(Context ctx, Caller caller) {
        ctx.contentType(PROMETHEUS_TEXT);
        ctx.result(metrics.scrape());
    }

    void openApi(Context ctx, Caller caller) {
        ctx.contentType(ResponseDefaults.JSON_UTF8);
        ctx.result(openApi);
    }

    void sessionStats(Context ctx, Caller caller) {
        ctx.json(SessionStatsResponse.from(stores.sessionStats()));
    }

    /** The OpenAPI document kept in {@code src/main/resources/openapi.json}. */
    static byte[] loadOpenApi() {
        try (InputStream in = OpsHandlers.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read openapi.json", e);
        }
    }
}
