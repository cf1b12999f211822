package com.tally.proof.sim;

import com.tally.platform.TallyJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Where the simulated processor's successful charges are made known before their webhooks go
 * out: the processor simulator, which like a real processor refunds only a charge it made. The
 * simulator and {@code send-webhook} stand for the processor's charging side, the processor
 * simulator for its refunding side; this is what makes them one processor.
 */
@FunctionalInterface
public interface KnownCharges {

    /** For runs with no processor to refund anything (the payment-path benchmark, a stack without fulfillment-stream). */
    KnownCharges NONE = charges -> { };

    /** One successful charge as the processor simulator takes it at {@code POST /processor/charges}. */
    record Charge(String paymentIntent, String orderId, long amount, String currency) {
    }

    void charged(List<Charge> charges) throws IOException, InterruptedException;

    /** The successful charges of the stories, as the processor made them. */
    static List<Charge> of(List<Story> stories) {
        return stories.stream().flatMap(story -> story.charges().stream().filter(Story.Charge::succeeds)
                .map(charge -> new Charge(charge.transactionId(), story.orderId(), story.amount(), story.currency()))).toList();
    }

    /** The processor simulator at {@code processorUrl} (e.g. http://localhost:8092), told over HTTP in one request. */
    static KnownCharges at(String processorUrl) {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = URI.create(processorUrl.replaceAll("/+$", "") + "/processor/charges");
        return charges -> {
            if (charges.isEmpty()) {
                return;
            }
            var request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TallyJson.mapper().writeValueAsBytes(charges))).build();
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IOException("the processor simulator at " + processorUrl + " cannot be reached (" + e.getMessage() + "): start the"
                        + " sandbox (./tally run starts it on port 8092), or give its URL with --processor-url", e);
            }
            if (answer.statusCode() / 100 != 2) {
                throw new IOException("the processor simulator at " + endpoint + " refused the charges: HTTP " + answer.statusCode() + " "
                        + answer.body());
            }
        };
    }
}
