package com.tally.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * HTTP to the other instances of one stream app, which answer interactive queries for the keys
 * and partitions they own.
 * Each request carries the original caller's credential: an instance holds no token of its own
 * to call its peers with, and the peer checks the caller as if asked directly.
 */
public final class Peers {

    public record Answer(int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param credential the caller's {@code Authorization} header, sent as it came (null: none) */
    public Answer get(HostInfo peer, String pathAndQuery, String credential) throws IOException {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (credential != null) {
            request.header("Authorization", credential);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + peer, e);
        }
    }
}
