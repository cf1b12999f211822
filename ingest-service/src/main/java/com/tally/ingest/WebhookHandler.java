package com.tally.ingest;

import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /webhooks/{provider}} with Jetty's core API, in front of Javalin's servlet
 * on the same server; every other request falls through to Javalin. {@link IngestRoutes} puts
 * it there, beside the other routes, and says why it is not a Javalin route.
 */
final class WebhookHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
    private static final String PREFIX = "/webhooks/";

    private final WebhookIntake intake;

    WebhookHandler(WebhookIntake intake) {
        this.intake = intake;
    }

    /**
     * The provider an encoded path names, as Javalin matched {@code /webhooks/{provider}} (one
     * segment, a trailing slash ignored, percent-escapes decoded), or null when the path is not
     * a webhook's.
     */
    static String providerIn(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.isEmpty() || rest.indexOf('/') >= 0 ? null : URIUtil.decodePath(rest);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String provider = HttpMethod.POST.is(request.getMethod()) ? providerIn(Request.getPathInContext(request)) : null;
        if (provider == null) {
            return false;
        }
        byte[] body;
        try {
            // capped on the bytes read, whatever Content-Length claims (a chunked body has none)
            body = Content.Source.asInputStream(request).readNBytes(intake.maxBodyBytes() + 1);
        } catch (IOException unreadable) {
            // the client fell silent or went away mid-body: Jetty answers what it can (408 after the idle timeout)
            // and closes. A failed callback, not a thrown exception, so a slow client is not logged as a server fault
            callback.failed(unreadable);
            return true;
        }
        CompletableFuture<HttpAnswer> answer;
        try {
            answer = intake.receive(Delivery.of(provider, request, body.length), body);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((decided, error) -> write(error == null ? decided : failed(error), response, callback));
        return true;
    }

    private static HttpAnswer failed(Throwable error) {
        log.error("webhook not handled, answering 500", error);
        return HttpAnswer.json(HttpStatus.INTERNAL_SERVER_ERROR,
                Map.of("error", "ingest-service failed on this webhook, so it may not be stored: send it again (a repeat is deduplicated),"
                        + " and tell Tally's operators if it keeps failing"));
    }

    private static void write(HttpAnswer answer, Response response, Callback callback) {
        try {
            byte[] json = answer.bodyBytes();
            response.setStatus(answer.status().getCode());
            answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
            response.write(true, ByteBuffer.wrap(json), callback);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }
}
