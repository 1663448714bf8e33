package dev.examsessions.adapter.redis.testing;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} process of a test on a spare loopback port: started and awaited (PING answers), killed
 * by pid (SIGKILL), restarted empty on the same port, stopped. Every process still alive when the JVM exits is
 * killed by a shutdown hook, so a failing test leaves none behind; use it in try-with-resources or
 * {@code @AfterAll} anyway.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** How long a starting server may take to answer PING (generous: CI machines are busy). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int START_ATTEMPTS = 5;
    private static final Set<RedisServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (RedisServerProcess server : LIVE) {
                server.killQuietly();
            }
        }, "redis-test-servers-cleanup"));
    }

    private final String name;
    private final Path dir;
    private final int port;
    private final TlsCertificates tls;
    private final BiFunction<Integer, Path, List<String>> commandLine;
    private volatile Process process;

    private RedisServerProcess(String name, Path dir, int port, TlsCertificates tls,
                               BiFunction<Integer, Path, List<String>> commandLine) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.commandLine = commandLine;
    }

    // ---- starting ------------------------------------------------------------------------------

    /**
     * {@code redis-server --port <free> --bind 127.0.0.1 --save "" --appendonly no} plus {@code extraArgs}
     * (for example {@code "--requirepass", "secret"}), answering PING when this returns.
     */
    public static RedisServerProcess start(String... extraArgs) {
        return launch("redis", 0, null, plainCommand(List.of(extraArgs)));
    }

    /** As {@link #start(String...)} on a given port (one that a test reserved with {@link #freePort()}). */
    public static RedisServerProcess startOnPort(int port, String... extraArgs) {
        return launch("redis", port, null, plainCommand(List.of(extraArgs)));
    }

    /**
     * A TLS-only server ({@code --port 0 --tls-port <free>}) with the server certificate of {@code certs};
     * clients are not asked for certificates ({@code --tls-auth-clients no}).
     */
    public static RedisServerProcess startTls(TlsCertificates certs, String... extraArgs) {
        Objects.requireNonNull(certs, "certs");
        List<String> extra = List.of(extraArgs);
        return launch("redis-tls", 0, certs, (port, dir) -> {
            List<String> command = new ArrayList<>(List.of("redis-server",
                    "--port", "0", "--tls-port", Integer.toString(port), "--bind", LOOPBACK,
                    "--tls-cert-file", certs.serverCert().toString(),
                    "--tls-key-file", certs.serverKey().toString(),
                    "--tls-ca-cert-file", certs.caCert().toString(),
                    "--tls-auth-clients", "no"));
            command.addAll(common(dir));
            command.addAll(extra);
            return command;
        });
    }

    /**
     * The general form: {@code commandLine} gives the whole command for a port and the server's own working
     * directory (to write a config file there, for example). {@code port} 0 picks a spare one; {@code tls}
     * (or null) is used to PING a TLS-only server.
     */
    public static RedisServerProcess launch(String name, int port, TlsCertificates tls,
                                            BiFunction<Integer, Path, List<String>> commandLine) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= (port == 0 ? START_ATTEMPTS : 1); attempt++) {
            int chosen = port == 0 ? freePort() : port;
            RedisServerProcess server = new RedisServerProcess(name, tempDir(name + "-" + chosen), chosen, tls,
                    commandLine);
            try {
                server.startProcess();
                return server;
            } catch (IllegalStateException e) {
                last = e;
                server.killQuietly();
                if (!isPortTaken(e)) {
                    throw e;
                }
                // another process took the port between choosing and binding it: choose again
            }
        }
        throw last;
    }

    /** Whether a start failed because its port (or Cluster bus port) was taken meanwhile. */
    public static boolean isPortTaken(IllegalStateException startFailure) {
        return startFailure.getMessage() != null && startFailure.getMessage().contains("Address already in use");
    }

    private static BiFunction<Integer, Path, List<String>> plainCommand(List<String> extra) {
        return (port, dir) -> {
            List<String> command = new ArrayList<>(List.of("redis-server",
                    "--port", Integer.toString(port), "--bind", LOOPBACK));
            command.addAll(common(dir));
            command.addAll(extra);
            return command;
        };
    }

    /** Nothing on disk, the server's own directory, no daemon. */
    static List<String> common(Path dir) {
        return List.of("--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
    }

    private synchronized void startProcess() {
        List<String> command;
        try {
            Files.createDirectories(dir); // again after stop(), which removes it
            command = commandLine.apply(port, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command)
                    + " (is redis-server installed and on the PATH?)", e);
        }
        LIVE.add(this);
        try {
            await(name + " answering PING").atMost(START_TIMEOUT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .failFast(() -> !process.isAlive())
                    .until(this::answersPing);
        } catch (TerminalFailureException e) {
            throw new IllegalStateException(name + " on port " + port + " exited with status "
                    + process.exitValue() + " while starting: " + String.join(" ", command) + "\n" + logTail(), e);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " on port " + port + " did not answer PING within "
                    + START_TIMEOUT + "\n" + logTail(), e);
        }
    }

    // ---- controlling ---------------------------------------------------------------------------

    /** Kills the process with SIGKILL (by its pid) and waits until it is gone; its data is lost. */
    public void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly(); // SIGKILL on Unix
            awaitExit(p);
        }
        LIVE.remove(this);
    }

    /**
     * Kills the process if it runs, then starts it again, empty, on the same port (also after {@link #stop()});
     * PING answers on return.
     */
    public synchronized void restart() {
        kill();
        startProcess();
    }

    /** Stops the process with SIGTERM (SIGKILL after 10 s) and removes its directory. */
    public void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy(); // SIGTERM: redis-server shuts down cleanly
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    awaitExit(p);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(this);
        deleteQuietly(dir);
    }

    @Override
    public void close() {
        stop();
    }

    private void killQuietly() {
        try {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        } catch (RuntimeException ignored) {
            // best effort while the JVM exits
        }
    }

    // ---- facts ---------------------------------------------------------------------------------

    public int port() {
        return port;
    }

    public String host() {
        return LOOPBACK;
    }

    /** The pid of the running process; -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The server's own working directory (config files, cluster state, log). */
    public Path dir() {
        return dir;
    }

    /**
     * {@code redis://127.0.0.1:<port>}, or for a TLS server {@code rediss://127.0.0.1:<port>?caCert=<ca.pem>}
     * (the certificate names 127.0.0.1, so the host name is verified too).
     */
    public String url() {
        return tls == null ? "redis://" + LOOPBACK + ":" + port
                : "rediss://" + LOOPBACK + ":" + port + "?caCert=" + tls.caCert();
    }

    /** Whether the server answers PING now (a NOAUTH error is an answer too). */
    public boolean answersPing() {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            String answer = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII);
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1000);
            socket.setSoTimeout(2000);
            if (tls == null) {
                return socket;
            }
            SSLSocket ssl = (SSLSocket) tls.sslContext().getSocketFactory()
                    .createSocket(socket, LOOPBACK, port, true);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A new single connection to this server as the default user (TLS servers: trusting the test CA); the
     * caller closes it.
     */
    public Jedis jedis() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5000).socketTimeoutMillis(10_000).resp2();
        if (tls != null) {
            config.ssl(true).sslSocketFactory(tls.sslContext().getSocketFactory());
        }
        return new Jedis(new HostAndPort(LOOPBACK, port), config.build());
    }

    /**
     * Runs {@code redis-cli} against this server with {@code args} and returns its output (TLS servers: with
     * the test CA). Fails when redis-cli fails.
     */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", LOOPBACK, "-p", Integer.toString(port)));
        if (tls != null) {
            command.addAll(List.of("--tls", "--cacert", tls.caCert().toString()));
        }
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(60));
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
            return "---- " + log() + " (last lines) ----\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private Path log() {
        return dir.resolve("redis.log");
    }

    @Override
    public String toString() {
        return name + "@" + LOOPBACK + ":" + port + (isAlive() ? " (pid " + pid() + ")" : " (not running)");
    }

    // ---- helpers shared by the topologies ------------------------------------------------------

    /** A port nobody listens on right now (a server may still take it later). */
    public static int freePort() {
        return freePort(false);
    }

    /** A spare port; with {@code clusterBus} also a spare port + 10000 (the Cluster bus). */
    static int freePort(boolean clusterBus) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            if (clusterBus) {
                port = ThreadLocalRandom.current().nextInt(20000, 55000);
                if (!portFree(port) || !portFree(port + 10000)) {
                    continue;
                }
                return port;
            }
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no spare loopback port found");
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command to its end and returns its output; fails with the output when it fails. */
    static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = p.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status " + p.exitValue()
                        + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("exam-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: temporary files only
        }
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }}
