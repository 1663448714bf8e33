package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.examsessions.adapter.jpa.TestDatabase;
import dev.examsessions.adapter.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ships under {@code ops/}: the alert rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}); the Grafana dashboard and the alerts read only metrics the service exports.
 */
class OpsArtifactsIT {
    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)");

    @Test
    void promtoolChecksTheRulesAndRunsTheirUnitTests() {
        Path dir = Tools.opsDir().resolve("prometheus");
        Tools.Result check = Tools.run(dir, "promtool", "check", "rules", "alerts.yml");
        Tools.Result test = Tools.run(dir, "promtool", "test", "rules", "alerts.test.yml");
        assertEquals(0, check.status(), check::output);
        assertTrue(check.output().contains("SUCCESS"), check::output);
        assertEquals(0, test.status(), test::output);
        assertTrue(test.output().contains("SUCCESS"), test::output);
        String tests = read(dir.resolve("alerts.test.yml"));
        for (String alert : alertNames()) {
            assertTrue(tests.contains("alertname: " + alert), "alerts.test.yml has no test of " + alert);
        }
    }

    @Test
    void theDashboardAndTheAlertsReadOnlyExportedMetrics() {
        Set<String> exported;
        try (TestDatabase db = TestDatabase.create(); RedisServerProcess redis = RedisServerProcess.start();
             AppProcess app = AppProcess.start("ops-metrics", E2e.redisAndDatabase(redis, db))) {
            Api api = Api.of(app);
            Exam exam = Exam.start(api, User.random(), "pmp");
            exam.answer(api, 0, 2);
            assertEquals(200, api.submit(exam.user, exam.sid).status());
            exported = MetricNames.exported(api.get(null, "/metrics").body());
        }
        Set<String> dashboardReads = dashboardMetrics();
        Set<String> alertReads = new TreeSet<>();
        Matcher m = EXPR.matcher(read(Tools.alertRules()));
        while (m.find()) {
            alertReads.addAll(MetricNames.readBy(m.group(1)));
        }

        Set<String> unknown = new TreeSet<>(dashboardReads);
        unknown.removeAll(exported);
        assertTrue(unknown.isEmpty(), () -> "the dashboard reads metrics the service does not export: " + unknown);
        Set<String> unknownInAlerts = new TreeSet<>(alertReads);
        unknownInAlerts.removeAll(exported);
        assertTrue(unknownInAlerts.isEmpty(), () -> "alerts.yml reads metrics the service does not export: " + unknownInAlerts);
        for (String wanted : List.of("http_server_requests_seconds_bucket", "exam_session_store_state",
                "exam_attempt_record_up", "redis_pool_threads_waiting", "hikaricp_connections_pending")) {
            assertTrue(dashboardReads.contains(wanted), "the dashboard shows " + wanted);
            assertTrue(exported.contains(wanted), "/metrics exports " + wanted);
        }
        assertTrue(alertReads.size() >= 6, "alerts read " + alertReads);
    }

    private static Set<String> dashboardMetrics() {
        JsonNode dashboard = E2e.parse(read(Tools.opsDir().resolve("grafana").resolve("exam-sessions.json")));
        Set<String> names = new TreeSet<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertFalse(panels.isEmpty(), "the dashboard has panels");
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertFalse(expr.isBlank(), () -> "panel '" + panel.path("title").asText() + "' has an empty query");
                names.addAll(MetricNames.readBy(expr));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(variable.path("definition").asText());
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<String> alertNames() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s*- alert:\\s*(\\w+)", Pattern.MULTILINE).matcher(read(Tools.alertRules()));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "alerts.yml defines alerts");
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
