package dev.examsessions.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The real jar as an OS process: {@code java -jar exam-sessions.jar} with a fixed environment (nothing inherited
 * but PATH/HOME/LANG), PORT=0, output in a log file under {@code target/e2e/logs}, the port parsed from the
 * {@code exam-sessions listening on port N} line. Every process still alive when the JVM exits is killed.
 */
final class AppProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile("exam-sessions listening on port (\\d+)");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Distinguishes the directories of one suite run from those of earlier runs (no {@code mvn clean} between). */
    static final String RUN = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("MMdd-HHmmss"));
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TZ");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "e2e-app-cleanup"));
    }

    private final String name;
    private final Map<String, String> env;
    private final Path log;
    private final Process process;
    private final int port;
    private volatile long sigtermAtNanos;

    private AppProcess(String name, Map<String, String> env, Path log, Process process, int port) {
        this.name = name;
        this.env = env;
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts an instance and returns once it logged its port (fails with the log tail if it dies first). */
    static AppProcess start(String name, Map<String, String> env) {
        Path dir = E2e.workDir().resolve("apps").resolve(String.format("%s-%03d-%s", RUN, SEQUENCE.incrementAndGet(), name));
        Path log;
        Process process;
        try {
            // its own working directory: no stray .env is read
            Files.createDirectories(dir);
            log = dir.resolve("app.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs());
            command.add("-jar");
            command.add(E2e.jar().toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    // a fresh log: an old "listening" line must never be taken for this start's port
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            Map<String, String> processEnv = builder.environment();
            Map<String, String> inherited = new LinkedHashMap<>();
            INHERITED.forEach(k -> {
                if (processEnv.containsKey(k)) {
                    inherited.put(k, processEnv.get(k));
                }
            });
            processEnv.clear();
            processEnv.putAll(inherited);
            processEnv.putAll(env);
            process = builder.start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the jar for " + name, e);
        }
        int[] port = new int[1];
        try {
            await("'" + name + "' logs its port").atMost(START_TIMEOUT).pollDelay(Duration.ofMillis(200))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        Matcher m = LISTENING.matcher(read(log));
                        if (m.find()) {
                            port[0] = Integer.parseInt(m.group(1));
                            return true;
                        }
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with status " + process.exitValue()
                                    + " before listening\n" + tail(log, 60));
                        }
                        return false;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            LIVE.remove(process);
            throw e;
        }
        return new AppProcess(name, Map.copyOf(env), log, process, port[0]);
    }

    /** JVM options of the instances ({@code e2e.jvmArgs}); small heap and C1 only: two-core CI machines. */
    private static List<String> jvmArgs() {
        String args = System.getProperty("e2e.jvmArgs", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return Arrays.stream(args.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Another instance with the same environment (a restart after {@link #kill9()} or a second instance). */
    AppProcess startAnother(String otherName) {
        return start(otherName, env);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Map<String, String> env() {
        return env;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
    void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        LIVE.remove(process);
    }

    /** SIGTERM ({@code Process.destroy()} on Linux): the graceful path. Does not wait. */
    void sigterm() {
        sigtermAtNanos = System.nanoTime();
        process.destroy();
    }

    /** Waits for the exit after {@link #sigterm()}; the exit status and the time from the signal. */
    Exit awaitExit(Duration atMost) {
        boolean exited = waitFor(atMost);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigtermAtNanos);
        if (!exited) {
            return new Exit(false, -1, ms);
        }
        LIVE.remove(process);
        return new Exit(true, process.exitValue(), ms);
    }

    private boolean waitFor(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The whole log so far. */
    String log() {
        return read(log);
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        return tail(log, 60);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
        LIVE.remove(process);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log, int lines) {
        List<String> all = read(log).lines().toList();
        return "---- " + log + " (last lines) ----\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** How a process ended: whether it exited in time, its status and the milliseconds since SIGTERM. */
    record Exit(boolean exited, int status, long millisAfterSignal) {
    }
}
