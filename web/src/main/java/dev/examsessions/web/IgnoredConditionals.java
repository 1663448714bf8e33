package dev.examsessions.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Removes {@code If-None-Match} from {@code /api/**} requests, so no API response is ever a 304. The API's ETag is
 * the exam's version, an optimistic-concurrency tag for {@code If-Match}; it does not change when the timer does,
 * and Javalin would otherwise answer 304 to any request whose If-None-Match equals the ETag set by a handler.
 */
final class IgnoredConditionals extends Handler.Wrapper {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        if (headers.contains(HttpHeader.IF_NONE_MATCH) && ResponseDefaults.isApi(request.getHttpURI().getPath())) {
            HttpFields without = HttpFields.build(headers).remove(HttpHeader.IF_NONE_MATCH).asImmutable();
            request = new Request.Wrapper(request) {
                @Override
                public HttpFields getHeaders() {
                    return without;
                }
            };
        }
        return super.handle(request, response, callback);
    }
}
