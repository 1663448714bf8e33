package dev.examsessions.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** The one table of HTTP routes: method, path template, who may call it, and the handler. */
final class RouteTable {
    /** Who may call a route. */
    enum Access { PUBLIC, USER, ADMIN }

    /** A route's handler; {@code caller} is null on public routes. */
    @FunctionalInterface
    interface RouteHandler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    /** One row of the table. */
    record Route(HandlerType method, String path, Access access, RouteHandler handler) {
    }

    private RouteTable() {
    }

    /** Every route the API serves, in matching order (fixed paths before {@code {sessionId}}). */
    static List<Route> routes(ExamHandlers exams, OpsHandlers ops) {
        String exam = "/api/exams/{sessionId}";
        return List.of(
                new Route(HandlerType.GET, "/api/exams/types", Access.USER, exams::types),
                new Route(HandlerType.POST, "/api/exams/select", Access.USER, exams::select),
                new Route(HandlerType.GET, "/api/exams/active", Access.USER, exams::active),
                new Route(HandlerType.GET, "/api/exams/history", Access.USER, exams::history),
                new Route(HandlerType.GET, exam, Access.USER, exams::state),
                new Route(HandlerType.GET, exam + "/questions/{position}", Access.USER, exams::question),
                new Route(HandlerType.GET, exam + "/questions", Access.USER, exams::questions),
                new Route(HandlerType.PUT, exam + "/answers/{questionId}", Access.USER, exams::answer),
                new Route(HandlerType.PUT, exam + "/flags/{questionId}", Access.USER, exams::flag),
                new Route(HandlerType.GET, exam + "/pause/status", Access.USER, exams::pauseStatus),
                new Route(HandlerType.POST, exam + "/pause/start", Access.USER, exams::pauseStart),
                new Route(HandlerType.POST, exam + "/pause/end", Access.USER, exams::pauseEnd),
                new Route(HandlerType.POST, exam + "/extend", Access.USER, exams::extend),
                new Route(HandlerType.POST, exam + "/submit", Access.USER, exams::submit),
                new Route(HandlerType.GET, exam + "/review", Access.USER, exams::review),
                new Route(HandlerType.DELETE, exam, Access.USER, exams::abandon),
                new Route(HandlerType.GET, "/api/debug/session-stats", Access.ADMIN, ops::sessionStats),
                new Route(HandlerType.GET, "/health", Access.PUBLIC, ops::health),
                new Route(HandlerType.GET, "/health/live", Access.PUBLIC, ops::live),
                new Route(HandlerType.GET, "/health/ready", Access.PUBLIC, ops::ready),
                new Route(HandlerType.GET, "/metrics", Access.PUBLIC, ops::metrics),
                new Route(HandlerType.GET, "/openapi.json", Access.PUBLIC, ops::openApi));
    }

    /** Routes that exist in dev auth mode only (the memory-only set-up without AUTH_SECRET). */
    static List<Route> devRoutes(DevSignIn dev) {
        return List.of(new Route(HandlerType.POST, "/dev/sign-in", Access.PUBLIC, dev::signIn));
    }
}
