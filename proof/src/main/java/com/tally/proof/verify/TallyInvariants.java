package com.tally.proof.verify;

import java.util.List;

/** Every service's invariants, in the order the report lists them; a new service adds its set here. */
public final class TallyInvariants {

    private TallyInvariants() {
    }

    /**
     * The invariants of the whole pipeline, compensation included (the refund dispatcher must be
     * running: the verifier waits for its group to catch up).
     *
     * @param warehouseUrl  the warehouse simulator's, which counts shipments; null for a real warehouse
     * @param processorUrl  the processor simulator's, which counts refunds; null for a real processor
     * @param operatorToken what the invariants that query a service present; none of them places anything
     */
    public static List<Invariants> all(String orderUrl, String fulfillmentUrl, String warehouseUrl, String processorUrl, String operatorToken) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken),
                new FulfillmentInvariants(fulfillmentUrl, warehouseUrl, operatorToken),
                new RefundInvariants(orderUrl, processorUrl, operatorToken, null));
    }

    /** As {@link #all(String, String, String, String, String)} with a real processor, whose refunds cannot be counted. */
    public static List<Invariants> all(String orderUrl, String fulfillmentUrl, String warehouseUrl, String operatorToken) {
        return all(orderUrl, fulfillmentUrl, warehouseUrl, null, operatorToken);
    }

    /** The invariants of the payment path alone (ingest-service and order-stream), for a stack that runs nothing more. */
    public static List<Invariants> paymentPath(String orderUrl, String operatorToken) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken));
    }
}
