package dev.examsessions.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests {@code java.net.http} refuses to send (raw NUL bytes, {@code ..} segments, invalid UTF-8 or percent
 * escapes, overlong request lines, smuggling headers) written byte for byte on a socket.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The answer: status (-1 when the server closed without one) and the whole response text. */
    record Answer(int status, String text) {
    }

    static Answer send(int port, byte[] request) {
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
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // keep what arrived
            }
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            // skip interim answers (100 Continue): the final one counts
            while (text.startsWith("HTTP/1.1 1") && text.contains("\r\n\r\n")
                    && text.indexOf("HTTP/", text.indexOf("\r\n\r\n")) >= 0) {
                text = text.substring(text.indexOf("HTTP/", text.indexOf("\r\n\r\n")));
            }
            return new Answer(status(text), text);
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    /** Builds a request from ISO-8859-1 text (each char one byte), so any byte can be written. */
    static Answer send(int port, String isoText) {
        return send(port, isoText.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int status(String text) {
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
}
