package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Reads ingest's {@code /metrics} (Prometheus text) as Prometheus would, from outside. */
final class MetricsScrape {

    private MetricsScrape() {
    }

    /** The values of the samples of {@code metric} whose labels include every given {@code name="value"}. */
    static List<Double> samples(HttpClient http, String baseUrl, String metric, Map<String, String> labels) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        return answer.body().lines()
                .filter(line -> line.startsWith(metric + "{")
                        && labels.entrySet().stream().allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
    }
}
