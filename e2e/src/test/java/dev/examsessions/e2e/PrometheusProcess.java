package dev.examsessions.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code prometheus} as an OS process on a spare loopback port, scraping one instance every second with
 * the shipped alert rules loaded, with its own config and data directory under {@code target/e2e}; stopped by pid.
 */
final class PrometheusProcess implements AutoCloseable {
    static final String BINARY = "prometheus";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "e2e-prometheus-cleanup"));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:targetPort}/metrics, evaluating {@code ruleFile}; returns once ready. */
    static PrometheusProcess start(String name, int targetPort, Path ruleFile) {
        Tools.require(BINARY, "--version");
        Path dir = E2e.workDir().resolve("prometheus").resolve(AppProcess.RUN + "-" + name);
        int port = spareLoopbackPort();
        Path log = dir.resolve("prometheus.log");
        Process process;
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + ruleFile.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: exam-sessions",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + targetPort + "']",
                    ""), StandardCharsets.UTF_8);
            process = new ProcessBuilder(BINARY, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus for " + name, e);
        }
        PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
        try {
            await("prometheus '" + name + "' ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited with " + process.exitValue() + "\n"
                                    + prometheus.logText());
                        }
                        return prometheus.status("/-/ready") == 200;
                    });
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    private static int spareLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int status(String path) {
        try {
            return Api.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** GET on Prometheus's HTTP API; the {@code data} of a successful answer. */
    JsonNode api(String pathAndQuery) {
        try {
            HttpResponse<String> r = Api.CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = E2e.parse(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("prometheus " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The instant vector of a PromQL query. */
    List<JsonNode> query(String promql) {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<JsonNode> out = new java.util.ArrayList<>();
        data.path("result").forEach(out::add);
        return out;
    }

    /** The value of a query answering one sample; NaN when it answers none (not scraped yet). */
    double value(String promql) {
        List<JsonNode> result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new IllegalStateException(promql + " answered " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The state (pending, firing) of the named alert, or null when it is not active. */
    String alertState(String alertName) {
        for (JsonNode alert : api("/api/v1/alerts").path("alerts")) {
            if (alertName.equals(alert.path("labels").path("alertname").asText())) {
                return alert.path("state").asText();
            }
        }
        return null;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM by pid (SIGKILL after 20 s). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
    }
}
