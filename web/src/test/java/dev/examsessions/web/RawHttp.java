package dev.examsessions.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 socket for the inputs {@code java.net.http} cannot produce (broken framing, odd versions, reuse,
 * raw NUL bytes, invalid escapes, smuggling headers); shared with the e2e suite through the web test-jar.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    /** Method and target of each request sent and not yet answered, to check each response against the contract. */
    private final java.util.ArrayDeque<String[]> pending = new java.util.ArrayDeque<>();

    /** One parsed response; header names in lower case. */
    record Response(String statusLine, int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean closes() {
            String c = header("Connection");
            return c != null && c.toLowerCase(Locale.ROOT).contains("close");
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + body;
        }
    }

    /** A one-shot answer: status (-1 when the server closed without one) and the whole response text. */
    public record Answer(int status, String text) {
    }

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawHttp open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return new RawHttp(socket);
    }

    RawHttp send(String text) throws IOException {
        String[] requestLine = text.split("\r\n", 2)[0].split(" ");
        if (requestLine.length == 3 && requestLine[2].startsWith("HTTP/1.")) {
            pending.add(requestLine);
        }
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Half-closes: the server reads end-of-stream, the response can still come back. */
    RawHttp endOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Everything the server sends until it closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly one response (body framed by Content-Length or chunked); null when the server closed first. */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        if (!statusLine.startsWith("HTTP/")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!head && status >= 200 && status != 204 && status != 304) {
            String length = headers.get("content-length");
            String encoding = headers.get("transfer-encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    body.write(in.readNBytes(size));
                    line();
                }
                for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                    // trailers
                }
            } else if (length != null) {
                body.write(in.readNBytes(Integer.parseInt(length)));
            } else {
                body.write(in.readAllBytes());
            }
        }
        String[] request = pending.poll();
        if (request != null) {
            OpenApiContract.get().check(request[0], request[1], status, headers, body.toByteArray());
        }
        return new Response(statusLine, status, headers, body.toString(StandardCharsets.UTF_8));
    }

    Response read() throws IOException {
        return read(false);
    }

    private int chunkSize() throws IOException {
        String size = line();
        if (size == null) {
            throw new IOException("connection closed inside a chunked body");
        }
        int semicolon = size.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = out.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code request} byte for byte on a new connection, half-closes it and reads everything until the
     * server closes (at most 1 MB); the final answer after any interim {@code 1xx} ones. Never throws.
     */
    public static Answer exchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may close early (oversized request): its answer, if any, is still readable
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) > 0 && buffer.size() < 1_000_000) {
                    buffer.write(chunk, 0, n);
                }
            } catch (SocketException e) {
                // keep what arrived (a SocketTimeoutException is one too)
            }
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            while (text.startsWith("HTTP/1.1 1") && text.contains("\r\n\r\n")
                    && text.indexOf("HTTP/", text.indexOf("\r\n\r\n")) >= 0) {
                text = text.substring(text.indexOf("HTTP/", text.indexOf("\r\n\r\n")));
            }
            return new Answer(statusOf(text), text);
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    /** As above, from ISO-8859-1 text (each char one byte), so any byte can be written. */
    public static Answer exchange(int port, String isoText) {
        return exchange(port, isoText.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int statusOf(String text) {
        if (!text.startsWith("HTTP/")) {
            return -1;
        }
        int space = text.indexOf(' ');
        try {
            return Integer.parseInt(text.substring(space + 1, space + 4));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
