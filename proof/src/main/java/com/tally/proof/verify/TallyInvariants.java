package com.tally.proof.verify;

import com.tally.order.Compensation;
import java.util.ArrayList;
import java.util.List;

/** Every service's invariants, in the order the report lists them; a new service adds its set here. */
public final class TallyInvariants {

    private TallyInvariants() {
    }

    /**
     * The invariants of the whole pipeline, compensation and e-mail included (the refund and the
     * notification dispatchers must be running: the verifier waits for their groups to catch up);
     * e-mail is left out for targets without notification-stream.
     *
     * @param policies the compensation order-stream was told to apply, checked against each decision;
     *                 null accepts either policy (a run that does not know order-stream's settings)
     */
    public static List<Invariants> all(VerifyTargets targets, Compensation policies) {
        String token = targets.operatorToken();
        var all = new ArrayList<Invariants>(List.of(new IngestInvariants(), new OrderStreamInvariants(targets.orderUrl(), token),
                new FulfillmentInvariants(targets.fulfillmentUrl(), targets.warehouseUrl(), token),
                new RefundInvariants(targets.orderUrl(), targets.processorUrl(), token, policies), new ReconciliationInvariants()));
        if (targets.notificationUrl() != null) {
            all.add(new NotificationInvariants(targets.notificationUrl(), token, targets.inbox()));
        }
        return List.copyOf(all);
    }

    /** As {@link #all(VerifyTargets, Compensation)}, accepting either policy. */
    public static List<Invariants> all(VerifyTargets targets) {
        return all(targets, null);
    }

    /** The invariants of the payment path alone (ingest-service and order-stream), for a stack that runs nothing more. */
    public static List<Invariants> paymentPath(String orderUrl, String operatorToken) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken));
    }
}
