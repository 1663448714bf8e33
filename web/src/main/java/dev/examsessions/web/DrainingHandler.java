package dev.examsessions.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Graceful stop without refusals: counts the requests in flight and, once a shutdown has begun, still serves the
 * requests that arrive on connections that are already open, answering them with {@code Connection: close} so the
 * client stops reusing the connection. {@link #shutdown()} completes when no request is in flight.
 *
 * <p>Replaces Jetty's {@code GracefulHandler}, which answers every request arriving during the drain with 503 —
 * a 5xx for a valid request on a kept-alive connection. New connections are refused by the connectors, which
 * stop accepting when the server's graceful shutdown starts; {@code Server.setStopTimeout} bounds the drain.
 */
final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return inFlight.get() == 0;
        }
    };

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        // Count before looking at the shutdown flag: a shutdown starting in between then waits for this request.
        inFlight.incrementAndGet();
        Tracked tracked = new Tracked(callback);
        if (isShutdown()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        boolean handled;
        try {
            handled = next.handle(request, response, tracked);
        } catch (Throwable t) {
            tracked.release();
            throw t;
        }
        if (!handled) {
            tracked.release();
        }
        return handled;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    @Override
    protected void doStart() throws Exception {
        shutdown.cancel();
        super.doStart();
    }

    /** Completes the request's callback and counts it out exactly once. */
    private final class Tracked extends Callback.Nested {
        private final AtomicBoolean released = new AtomicBoolean();

        Tracked(Callback callback) {
            super(callback);
        }

        @Override
        public void succeeded() {
            try {
                super.succeeded();
            } finally {
                release();
            }
        }

        @Override
        public void failed(Throwable x) {
            try {
                super.failed(x);
            } finally {
                release();
            }
        }

        void release() {
            if (released.compareAndSet(false, true) && inFlight.decrementAndGet() == 0 && isShutdown()) {
                shutdown.check();
            }
        }
    }
}
