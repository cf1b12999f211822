package com.tally.sandbox;

import com.tally.console.ConsoleApp;
import com.tally.console.ConsoleConfig;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.FulfillmentStreamApp;
import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.notification.NotificationConfig;
import com.tally.notification.NotificationStreamApp;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Composes every service that exists so far on one Kafka, in one JVM, configured through the
 * same environment variables each service reads when it runs alone.
 */
public final class Sandbox {

    /** Every stream application and dispatcher the sandbox runs; each gets its own dead-letter topic. */
    public static final List<String> DEAD_LETTER_OWNERS = Stream.of(List.of(OrderStreamApp.APPLICATION_ID),
            FulfillmentStreamApp.DEAD_LETTER_OWNERS, NotificationStreamApp.DEAD_LETTER_OWNERS).flatMap(List::stream).toList();

    private Sandbox() {
    }

    /** Provisions the topics and builds the services, in the order they start. */
    public static List<TallyService> services(Map<String, String> env, Clock clock) {
        var ingest = IngestConfig.fromEnv(env);
        var order = OrderConfig.fromEnv(env);
        var fulfillment = FulfillmentConfig.fromEnv(env);
        var notification = NotificationConfig.fromEnv(env);
        var console = ConsoleConfig.fromEnv(env);
        TopicProvisioner.provision(ingest.kafka(), TopicProvisioner.tallyTopics(DEAD_LETTER_OWNERS));
        return List.of(new OrderStreamApp(order), new FulfillmentStreamApp(fulfillment), new NotificationStreamApp(notification),
                new IngestService(ingest, clock), new ConsoleApp(console));
    }

    /**
     * The warehouse the sandbox's fulfillment calls, on {@code port}: its callbacks go to this
     * sandbox's ingest, signed with the secret ingest checks them with (the first, while rotating).
     */
    public static WarehouseSimulator warehouse(Map<String, String> env, int port, Duration shippedAfter, Duration deliveredAfter) {
        return WarehouseSimulator.builder()
                .port(port)
                .ingestUrl(ingestUrl(env))
                .secretOf(env)
                .delays(shippedAfter, deliveredAfter)
                .build();
    }

    /**
     * The payment processor the sandbox's refunds go to, on {@code port}: it takes the API key
     * fulfillment-stream calls with, and signs its {@code charge.refunded} webhooks to this
     * sandbox's ingest with the Stripe secret ingest checks them with.
     */
    public static ProcessorSimulator processor(Map<String, String> env, int port, Duration refundedAfter) {
        return ProcessorSimulator.builder()
                .port(port)
                .ingestUrl(ingestUrl(env))
                .secretOf(env)
                .apiKeyOf(env)
                .refundedAfter(refundedAfter)
                .build();
    }

    private static String ingestUrl(Map<String, String> env) {
        return "http://localhost:" + IngestConfig.fromEnv(env).port();
    }
}
