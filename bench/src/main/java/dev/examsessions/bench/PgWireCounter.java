package dev.examsessions.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

// Usage: PgWireCounter <listenPort> <pgPort> <countsFile>; the counts file is rewritten every 100 ms.
// Each simple Query and each Sync makes the client wait for ReadyForQuery: their sum is the number of round trips.
// Below the totals the file lists every statement run (a Query, or a Bind of a parsed statement) by its SQL's start.
// Needs sslmode=disable on the client: TLS would hide the messages.
/** A pass-through proxy in front of PostgreSQL counting the client's wire-protocol messages and statements. */
public final class PgWireCounter {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final AtomicLong QUERIES = new AtomicLong();
    private static final AtomicLong PARSES = new AtomicLong();
    private static final AtomicLong EXECUTES = new AtomicLong();
    private static final AtomicLong SYNCS = new AtomicLong();
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final int CAPTURE = 400; // enough of a message to name its statement
    private static final Map<String, LongAdder> STATEMENTS = new ConcurrentHashMap<>();

    private PgWireCounter() {
    }

    public static void main(String[] args) throws Exception {
        int listenPort = Integer.parseInt(args[0]);
        int pgPort = Integer.parseInt(args[1]);
        Path counts = Path.of(args[2]);
        Thread writer = new Thread(() -> writeCountsForever(counts), "counts");
        writer.setDaemon(true);
        writer.start();
        try (ServerSocket server = new ServerSocket(listenPort, 128, InetAddress.getLoopbackAddress())) {
            System.out.println("pg wire counter on 127.0.0.1:" + listenPort + " -> 127.0.0.1:" + pgPort);
            while (true) {
                Socket client = server.accept();
                Socket pg = new Socket(InetAddress.getLoopbackAddress(), pgPort);
                client.setTcpNoDelay(true);
                pg.setTcpNoDelay(true);
                CONNECTIONS.incrementAndGet();
                start(() -> frontendToServer(client, pg));
                start(() -> copy(pg, client));
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Forwards the client's bytes as they come and counts message types on the way (headers may span reads). */
    private static void frontendToServer(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        byte[] header = new byte[8];
        int headerLength = 0;
        long skip = 0;
        boolean startup = true; // untyped messages (SSLRequest, StartupMessage) until the startup message
        char type = 0;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> parsed = new HashMap<>(); // this connection's statement names -> SQL labels
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int i = 0;
                while (i < n) {
                    if (skip > 0) {
                        int k = (int) Math.min(skip, n - i);
                        if (!startup && body.size() < CAPTURE) {
                            body.write(buf, i, Math.min(k, CAPTURE - body.size()));
                        }
                        i += k;
                        skip -= k;
                        if (skip == 0 && !startup) {
                            statement(type, body.toByteArray(), parsed);
                        }
                        continue;
                    }
                    header[headerLength++] = buf[i++];
                    if (startup && headerLength == 8) {
                        int code = readInt(header, 4);
                        skip = readInt(header, 0) - 8L;
                        startup = code == SSL_REQUEST || code == GSSENC_REQUEST;
                        headerLength = 0;
                    } else if (!startup && headerLength == 5) {
                        type = (char) header[0];
                        count(type);
                        skip = readInt(header, 1) - 4L;
                        headerLength = 0;
                        body.reset();
                        if (skip == 0) {
                            statement(type, new byte[0], parsed);
                        }
                    }
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Names the statement a complete Query, Parse or Bind message runs or prepares. */
    private static void statement(char type, byte[] body, Map<String, String> parsed) {
        switch (type) {
            case 'Q' -> STATEMENTS.computeIfAbsent("Q " + label(cString(body, 0)), k -> new LongAdder()).increment();
            case 'P' -> {
                String name = cString(body, 0);
                parsed.put(name, label(cString(body, name.getBytes(StandardCharsets.UTF_8).length + 1)));
            }
            case 'B' -> {
                String portal = cString(body, 0);
                String name = cString(body, portal.getBytes(StandardCharsets.UTF_8).length + 1);
                STATEMENTS.computeIfAbsent("E " + parsed.getOrDefault(name, "?"), k -> new LongAdder()).increment();
            }
            default -> { }
        }
    }

    private static String cString(byte[] b, int from) {
        int end = from;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return from >= b.length ? "" : new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static String label(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 90 ? s.substring(0, 90) + "…" : s.isEmpty() ? "(empty)" : s;
    }

    private static void count(char type) {
        switch (type) {
            case 'Q' -> QUERIES.incrementAndGet();
            case 'P' -> PARSES.incrementAndGet();
            case 'E' -> EXECUTES.incrementAndGet();
            case 'S' -> SYNCS.incrementAndGet();
            default -> { }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static void writeCountsForever(Path counts) {
        Path tmp = counts.resolveSibling(counts.getFileName() + ".tmp");
        while (true) {
            String line = "queries=" + QUERIES.get() + " parses=" + PARSES.get() + " executes=" + EXECUTES.get()
                    + " syncs=" + SYNCS.get() + " connections=" + CONNECTIONS.get() + "\n";
            StringBuilder statements = new StringBuilder();
            new TreeMap<>(STATEMENTS).forEach((k, v) -> statements.append(v.sum()).append('\t').append(k).append('\n'));
            line += statements;
            try {
                Files.writeString(tmp, line);
                Files.move(tmp, counts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(100);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
