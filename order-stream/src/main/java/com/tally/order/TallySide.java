package com.tally.order;

import com.tally.schemas.WebhookReceived;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What Tally derived about one transaction from the webhooks it recorded: the charge, if one
 * succeeded, and each refund and dispute with when it happened. Stored as JSON in
 * {@link StoreNames#TALLY_TRANSACTIONS}: a read model of reconciliation alone, no contract.
 *
 * @param chargeMinor   null until a successful charge is recorded
 * @param foundInReport the report whose reconciliation healed the charge; null for a delivered webhook
 * @param refunds       refund ID → when it happened
 * @param disputes      provider event ID → when it happened
 */
record TallySide(String provider, String transactionId, String orderId, Long chargeMinor, String currency, Instant chargedAt,
                 String foundInReport, Map<String, Instant> refunds, Map<String, Instant> disputes) {

    TallySide {
        refunds = Map.copyOf(refunds == null ? Map.of() : refunds);
        disputes = Map.copyOf(disputes == null ? Map.of() : disputes);
    }

    static TallySide none(String provider, String transactionId) {
        return new TallySide(provider, transactionId, null, null, null, null, null, Map.of(), Map.of());
    }

    boolean charged() {
        return chargeMinor != null;
    }

    /** This side with one more webhook; the first successful charge counts, as it does for the order. */
    TallySide with(WebhookReceived hook) {
        String order = orderId != null ? orderId : hook.getOrderId();
        return switch (hook.getKind()) {
            case SUCCEEDED -> charged() ? this : new TallySide(provider, transactionId, order, hook.getAmountMinor(), hook.getCurrency(),
                    hook.getOccurredAt(), hook.getFoundInReport(), refunds, disputes);
            case REFUNDED -> new TallySide(provider, transactionId, order, chargeMinor, currency, chargedAt, foundInReport,
                    plus(refunds, hook.getRefundId() != null ? hook.getRefundId() : hook.getProviderEventId(), hook.getOccurredAt()), disputes);
            case DISPUTED -> new TallySide(provider, transactionId, order, chargeMinor, currency, chargedAt, foundInReport, refunds,
                    plus(disputes, hook.getProviderEventId(), hook.getOccurredAt()));
            case FAILED, UNSUPPORTED -> Objects.equals(order, orderId) ? this
                    : new TallySide(provider, transactionId, order, chargeMinor, currency, chargedAt, foundInReport, refunds, disputes);
        };
    }

    private static Map<String, Instant> plus(Map<String, Instant> facts, String id, Instant at) {
        var more = new HashMap<>(facts);
        more.putIfAbsent(id, at);
        return more;
    }
}
