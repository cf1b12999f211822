package com.tally.proof.verify;

import com.tally.order.Compensation;
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
     * @param policies      the compensation order-stream was told to apply, checked against each decision;
     *                      null accepts either policy (a run that does not know order-stream's settings)
     */
    public static List<Invariants> all(String orderUrl, String fulfillmentUrl, String warehouseUrl, String processorUrl, String operatorToken,
                                       Compensation policies) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken),
                new FulfillmentInvariants(fulfillmentUrl, warehouseUrl, operatorToken),
                new RefundInvariants(orderUrl, processorUrl, operatorToken, policies));
    }

    /** As {@link #all(String, String, String, String, String, Compensation)}, accepting either policy. */
    public static List<Invariants> all(String orderUrl, String fulfillmentUrl, String warehouseUrl, String processorUrl, String operatorToken) {
        return all(orderUrl, fulfillmentUrl, warehouseUrl, processorUrl, operatorToken, null);
    }

    /** The invariants of the payment path alone (ingest-service and order-stream), for a stack that runs nothing more. */
    public static List<Invariants> paymentPath(String orderUrl, String operatorToken) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken));
    }
}
