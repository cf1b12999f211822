package com.tally.proof.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The same closed-loop load driven by wrk (Debian's {@code wrk} package), a load generator in C
 * in its own process: the in-JVM Java client spends CPU the server then lacks, which caps the
 * baseline and flatters the ratio. Used when {@code wrk} is on the PATH.
 */
final class WrkLoad {

    /**
     * Each wrk thread formats every request of the file once (one per line: tab-separated
     * "Name: value" headers, then the body) and sends them round-robin from its own offset, so
     * the two threads do not send the same delivery at the same moment.
     */
    private static final String SCRIPT = """
            local threads = 0
            setup = function(thread)
              thread:set("offset", threads * 7919)
              threads = threads + 1
            end
            local requests = {}
            local sent = 0
            init = function(args)
              for line in io.lines(os.getenv("TALLY_WRK_REQUESTS")) do
                local fields = {}
                for field in line:gmatch("[^\t]+") do fields[#fields + 1] = field end
                local headers = {}
                for i = 1, #fields - 1 do
                  local name, value = fields[i]:match("^([^:]+): (.*)$")
                  headers[name] = value
                end
                requests[#requests + 1] = wrk.format("POST", nil, headers, fields[#fields])
              end
              sent = offset or 0
            end
            request = function()
              sent = sent + 1
              return requests[(sent % #requests) + 1]
            end
            done = function(summary, latency, requests)
              io.write(string.format('WRK {"requests":%d,"durationMicros":%d,"non2xx":%d,"errors":%d,"p50":%d,"p99":%d,"p999":%d,"max":%d}\\n',
                summary.requests, summary.duration, summary.errors.status,
                summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """;

    /** One request wrk sends: its headers and a body on one line (no tab or line break in either). */
    record Request(Map<String, String> headers, byte[] body) {
    }

    private final int connections;

    WrkLoad(int connections) {
        this.connections = connections;
    }

    static boolean available() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() <= 1;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    HttpLoad.Result run(String name, URI uri, List<Request> requests, Duration warmUp, Duration measured)
            throws IOException, InterruptedException {
        Path requestFile = Files.createTempFile("wrk-requests", ".tsv");
        try (var out = Files.newBufferedWriter(requestFile, StandardCharsets.UTF_8)) {
            for (Request request : requests) {
                for (var header : request.headers().entrySet()) {
                    out.write(header.getKey() + ": " + header.getValue() + "\t");
                }
                out.write(new String(request.body(), StandardCharsets.UTF_8));
                out.newLine();
            }
        }
        Path script = Files.createTempFile("wrk", ".lua");
        Files.writeString(script, SCRIPT);
        try {
            System.out.printf("  %-22s wrk, %d s%n", name + " warm-up", warmUp.toSeconds());
            wrk(uri, script, requestFile, warmUp);
            System.out.printf("  %-22s wrk, %d s%n", name, measured.toSeconds());
            var cpuBefore = ProcessStats.ofThisJvm();
            JsonNode r = wrk(uri, script, requestFile, measured);
            var cpuAfter = ProcessStats.ofThisJvm();
            double seconds = r.get("durationMicros").asLong() / 1e6;
            long non2xx = r.get("non2xx").asLong();
            return new HttpLoad.Result(name + " (wrk)", r.get("requests").asLong() - non2xx, non2xx, r.get("errors").asLong(), seconds,
                    r.get("p50").asLong() / 1000.0, r.get("p99").asLong() / 1000.0, r.get("p999").asLong() / 1000.0,
                    r.get("max").asLong() / 1000.0, HttpLoad.Result.cpuMicrosPerRequest(cpuBefore, cpuAfter, r.get("requests").asLong()));
        } finally {
            Files.deleteIfExists(requestFile);
            Files.deleteIfExists(script);
        }
    }

    private JsonNode wrk(URI uri, Path script, Path requests, Duration length) throws IOException, InterruptedException {
        var command = List.of("wrk", "-t2", "-c" + connections, "-d" + length.toSeconds() + "s", "-s", script.toString(), uri.toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TALLY_WRK_REQUESTS", requests.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.lines().filter(line -> line.startsWith("WRK ")).findFirst()
                .map(line -> readJson(line.substring(4)))
                .orElseThrow(() -> new IllegalStateException("wrk printed no summary:\n" + output));
    }

    private static JsonNode readJson(String json) {
        try {
            return TallyJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
