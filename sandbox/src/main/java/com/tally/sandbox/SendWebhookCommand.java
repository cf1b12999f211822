package com.tally.sandbox;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.Env;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.KnownCharges;
import com.tally.proof.sim.StripeEventFactory;
import com.tally.proof.stack.StackEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox send-webhook}: signs a Stripe PaymentIntent event for an order and posts it to ingest. */
@Command(name = "send-webhook", mixinStandardHelpOptions = true,
        description = "Sign a Stripe payment_intent event for an order with the webhook secret and POST it to ingest-service.")
final class SendWebhookCommand implements Callable<Integer> {

    @Option(names = "--order", required = true, description = "The order ID the payment is for (metadata.order_id).")
    String orderId;

    @Option(names = "--amount", required = true, description = "Amount in minor units, e.g. 4990 for 49.90.")
    long amount;

    @Option(names = "--currency", defaultValue = "EUR", description = "ISO 4217 currency (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--type", defaultValue = "succeeded", description = "succeeded or failed (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--event-id", description = "Stripe event ID; the same ID twice is a repeated delivery (default: a new evt_...).")
    String eventId;

    @Option(names = "--payment-intent", description = "PaymentIntent ID, the transaction ID (default: pi_<order>).")
    String paymentIntentId;

    @Option(names = "--times", defaultValue = "1", description = "Deliver the same signed event this many times, like a retrying processor (default: ${DEFAULT-VALUE}).")
    int times;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "ingest-service's base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--processor-url", defaultValue = "http://localhost:" + ProcessorSimulator.DEFAULT_PORT,
            description = "The processor simulator, told of a successful charge first so it can refund it; none: tell nobody"
                    + " (default: ${DEFAULT-VALUE}).")
    String processorUrl;

    @Option(names = "--secret", description = "Webhook secret (default: TALLY_STRIPE_WEBHOOK_SECRET's first entry, else the sandbox default).")
    String secret;

    @Override
    public Integer call() throws Exception {
        String stripeType = switch (type) {
            case "succeeded" -> "payment_intent.succeeded";
            case "failed" -> "payment_intent.payment_failed";
            default -> throw new IllegalArgumentException("--type must be succeeded or failed, not " + type);
        };
        String event = Optional.ofNullable(eventId).orElse("evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        String intent = Optional.ofNullable(paymentIntentId).orElse("pi_" + orderId);
        String signingSecret = Optional.ofNullable(secret).orElseGet(SendWebhookCommand::configuredSecret);
        Instant now = Instant.now();
        byte[] body = StripeEventFactory.paymentIntentEvent(event, stripeType, intent, orderId, amount, currency, now);
        String signature = StripeSignature.sign(signingSecret, now.getEpochSecond(), body);

        if (stripeType.endsWith("succeeded") && !"none".equals(processorUrl)) {
            tellProcessor(new KnownCharges.Charge(intent, orderId, amount, currency));
        }
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var request = HttpRequest.newBuilder(URI.create(url + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        boolean allAccepted = true;
        for (int delivery = 1; delivery <= times; delivery++) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.printf("delivery %d of %s (%s, %s, order %s): HTTP %d %s%n",
                    delivery, event, stripeType, intent, orderId, answer.statusCode(), answer.body());
            allAccepted &= answer.statusCode() / 100 == 2;
        }
        return allAccepted ? 0 : 1;
    }

    /** The webhook goes out either way: the charge it reports is real to ingest whether or not a refund of it can be asked for. */
    private void tellProcessor(KnownCharges.Charge charge) throws InterruptedException {
        try {
            KnownCharges.at(processorUrl).charged(List.of(charge));
        } catch (IOException e) {
            System.out.println("note: " + e.getMessage() + ". Without it, a refund Tally asks for " + charge.paymentIntent()
                    + " is refused as an unknown payment intent.");
        }
    }

    static String configuredSecret() {
        var secrets = Env.of(System.getenv()).list(IngestConfig.STRIPE_WEBHOOK_SECRET);
        return secrets.isEmpty() ? StackEnvironment.DEFAULT_STRIPE_SECRET : secrets.get(0);
    }
}
