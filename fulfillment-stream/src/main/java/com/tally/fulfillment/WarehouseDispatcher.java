package com.tally.fulfillment;

import com.tally.platform.Readiness;
import com.tally.platform.dispatch.DispatchLoop;
import com.tally.platform.dispatch.DispatchSettings;
import com.tally.platform.dispatch.Outcome;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Calls the warehouse for every {@code FulfillmentRequested} and appends its answer as a
 * {@code FulfillmentResult} (keyed by order ID), in the transaction that commits the request's
 * offset ({@link DispatchLoop}). A crash between the call and the commit repeats the call with the
 * same {@code Idempotency-Key}, which the warehouse answers as the first time. It does not retry:
 * a transient failure is a result like the others, and the saga decides when to ask again.
 */
public final class WarehouseDispatcher implements AutoCloseable {

    /** The consumer group; its dead letters go to {@code fulfillment-dispatcher.dlq}. */
    public static final String GROUP_ID = "fulfillment-dispatcher";
    /** The loop waits this much longer than a call's own timeout before it gives a batch up as stuck. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(5);

    private final DispatchLoop<FulfillmentRequested> loop;

    public WarehouseDispatcher(FulfillmentConfig config, MeterRegistry registry) {
        var warehouse = new WarehouseClient(config.warehouseUrl(), config.callTimeout(), registry);
        var requests = AvroSerde.of(FulfillmentRequested.class);
        var results = AvroSerde.of(FulfillmentResult.class);
        var clock = Clock.systemUTC();
        var settings = new DispatchSettings(config.kafka(), GROUP_ID, Topics.FULFILLMENT_REQUESTS, config.instanceId(),
                config.maxCallsInFlight(), config.callTimeout().plus(DEADLINE_MARGIN));
        this.loop = new DispatchLoop<>(settings, requests::decode, (key, request) -> warehouse.ship(request).thenApply(answer -> {
            FulfillmentResult result = result(request, answer, clock.instant());
            return List.of(new Outcome(Topics.FULFILLMENT_RESULTS, result.getOrderId(), results.encode(result),
                    result.getOutcome().name().toLowerCase(Locale.ROOT)));
        }), registry);
    }

    public void start() {
        loop.start();
    }

    /** Ready while requests are read and answers committed. */
    public Readiness readiness() {
        return loop.readiness();
    }

    /** Stops reading; calls still running are given up and repeated by whoever reads their requests next. */
    @Override
    public void close() {
        loop.close();
    }

    /**
     * The result answering one attempt. Its event ID is derived from the request's, so a call repeated
     * after a crash derives the same one.
     */
    static FulfillmentResult result(FulfillmentRequested request, WarehouseAnswer answer, Instant at) {
        return FulfillmentResult.newBuilder()
                .setEventId(EventIds.derived(request.getEventId(), "warehouse-answer"))
                .setCauseEventId(request.getEventId())
                .setOrderId(request.getOrderId())
                .setRequestId(request.getRequestId())
                .setOutcome(answer.outcome())
                .setReason(answer.reason())
                .setAt(at)
                .setAttempt(request.getAttempt())
                .build();
    }
}
