package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.EventIds;
import com.tally.schemas.OrderState;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Severity;
import com.tally.schemas.WebhookReceived;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciliation as pure functions: one transaction of a processor's report against what Tally
 * derived for it, classified; the heal of a charge Tally missed; the alert of every other
 * difference. No Kafka here.
 * <p>
 * Both sides are compared within the report's period: a refund Tally recorded after the period
 * ends is the next report's business, not a difference of this one.
 */
final class ReconciliationRules {

    /** The provider event type of a heal: no provider sent it, reconciliation found it in a report. */
    static final String HEAL_EVENT_TYPE = "reconciliation.charge_found";

    private ReconciliationRules() {
    }

    /** The period a report covers: start inclusive, end exclusive; either may be unknown (null), then unbounded. */
    record Period(Instant start, Instant end) {

        boolean contains(Instant at) {
            return at != null && (start == null || !at.isBefore(start)) && (end == null || at.isBefore(end));
        }
    }

    /** One side's figures for a transaction, as an alert and the run show them. {@code chargeMinor} null: no charge. */
    record Figures(Long chargeMinor, String currency, boolean refunded, boolean disputed) {

        static final Figures NOTHING = new Figures(null, null, false, false);

        @Override
        public String toString() {
            String charge = chargeMinor == null ? "no charge" : "charge " + chargeMinor + " " + currency + " (minor units)";
            return charge + (refunded ? ", refunded" : "") + (disputed ? ", disputed" : "");
        }
    }

    /** A transaction classified: both sides' figures, and the amount it counts for in the run (the processor's when it has one). */
    record Classified(ReconciliationClass klass, String transactionId, String orderId, Figures processor, Figures tally,
                      long amountMinor, String currency) {
    }

    /** What to do with a heal for an order: append the webhook, or raise why not. Exactly one is present. */
    record Healing(Optional<WebhookReceived> heal, Optional<Alert> alert) {
    }

    static Figures figures(ProcessorSide side) {
        return new Figures(side.chargeMinor(), side.currency(), side.refunds() > 0, side.disputes() > 0);
    }

    /** Tally's figures as of the period: refunds and disputes that happened inside it. */
    static Figures figures(TallySide side, Period period) {
        if (side == null) {
            return Figures.NOTHING;
        }
        return new Figures(side.chargeMinor(), side.currency(), side.refunds().values().stream().anyMatch(period::contains),
                side.disputes().values().stream().anyMatch(period::contains));
    }

    /** One transaction the report has; {@code tally} is null when Tally never heard of it. */
    static Classified classify(ProcessorSide processor, TallySide tally, Period period) {
        Figures theirs = figures(processor);
        Figures ours = figures(tally, period);
        ReconciliationClass klass;
        if (tally == null || !tally.charged()) {
            klass = ReconciliationClass.MISSING_IN_TALLY;
        } else if (processor.charged() && (!processor.chargeMinor().equals(tally.chargeMinor()) || !processor.currency().equals(tally.currency()))) {
            klass = ReconciliationClass.AMOUNT_MISMATCH;
        } else if (theirs.refunded() != ours.refunded() || theirs.disputed() != ours.disputed()) {
            klass = ReconciliationClass.STATUS_MISMATCH;
        } else {
            klass = ReconciliationClass.MATCHED;
        }
        String orderId = processor.orderId() != null ? processor.orderId() : tally == null ? null : tally.orderId();
        boolean theirCharge = processor.charged();
        long amount = theirCharge ? processor.chargeMinor() : tally != null && tally.charged() ? tally.chargeMinor() : processor.refundedMinor();
        String currency = theirCharge || tally == null || !tally.charged() ? processor.currency() : tally.currency();
        return new Classified(klass, processor.transactionId(), orderId, theirs, ours, amount, currency);
    }

    /** A report row of a category reconciliation does not compare: counted with its own figures. */
    static Classified ignored(SettlementRecord row) {
        return new Classified(ReconciliationClass.IGNORED, row.getTransactionId(), row.getOrderId(),
                new Figures(row.getAmountMinor(), row.getCurrency(), false, false), Figures.NOTHING, row.getAmountMinor(), row.getCurrency());
    }

    /**
     * Whether Tally's charge, which the whole report lacks, is a difference: it must lie inside the
     * period and be at least {@code grace} older than both the period's end and now. A charge that
     * close to the end may be stamped into the next period by the processor, or still be in flight.
     */
    static Optional<Classified> missingAtProcessor(TallySide tally, Period period, Instant now, Duration grace) {
        if (!tally.charged() || tally.foundInReport() != null || !period.contains(tally.chargedAt())) {
            return Optional.empty();
        }
        Instant until = period.end() == null || now.isBefore(period.end()) ? now : period.end();
        if (tally.chargedAt().plus(grace).isAfter(until)) {
            return Optional.empty();
        }
        return Optional.of(new Classified(ReconciliationClass.MISSING_AT_PROCESSOR, tally.transactionId(), tally.orderId(),
                Figures.NOTHING, figures(tally, period), tally.chargeMinor(), tally.currency()));
    }

    /** A charge Tally missed can be healed when the processor's row names its order; whether the order exists is checked with the order. */
    static boolean healable(Classified classified, ProcessorSide processor) {
        return classified.klass() == ReconciliationClass.MISSING_IN_TALLY && processor.charged() && processor.orderId() != null;
    }

    /**
     * The canonical webhook the processor would have sent for a charge its report has: it takes
     * the path every webhook takes. Its IDs derive from the report row, so evaluating the same
     * report again makes the same webhook, which the delivery dedupe drops.
     */
    static WebhookReceived heal(ProcessorSide processor, String reportId, Instant now) {
        return WebhookReceived.newBuilder()
                .setEventId(EventIds.derived(reportId + "/" + processor.chargeRowId(), "reconciliation-heal"))
                .setProvider(processor.provider())
                .setProviderEventId(processor.chargeRowId())
                .setProviderEventType(HEAL_EVENT_TYPE)
                .setKind(PaymentKind.SUCCEEDED)
                .setTransactionId(processor.transactionId())
                .setOrderId(processor.orderId())
                .setAmountMinor(processor.chargeMinor())
                .setCurrency(processor.currency())
                .setRefundId(null)
                .setFailureReason(null)
                .setOccurredAt(processor.chargedAt())
                .setReceivedAt(now)
                .setRawBody(ByteBuffer.allocate(0))
                .setHeaders(Map.of())
                .setFoundInReport(reportId)
                .build();
    }

    /** A heal goes ahead only for an order Tally placed; for any other the charge is raised for a person. */
    static Healing healOrRaise(OrderState order, WebhookReceived heal, Instant now) {
        if (order != null && order.getStatus() != null) {
            return new Healing(Optional.of(heal), Optional.empty());
        }
        String detail = heal.getProvider() + " charged " + heal.getTransactionId() + " (" + heal.getAmountMinor() + " " + heal.getCurrency()
                + " minor units, row " + heal.getProviderEventId() + " of report " + heal.getFoundInReport() + ") for order "
                + heal.getOrderId() + ", which Tally never placed, and no webhook for it arrived: find the order in the shop and place"
                + " it with POST /orders (the next reconciliation of a report with this charge heals it), or refund the charge with the processor";
        return new Healing(Optional.empty(), Optional.of(alert(ReconciliationClass.MISSING_IN_TALLY, Severity.CRITICAL, heal.getFoundInReport(),
                heal.getTransactionId(), heal.getOrderId(), detail, now)));
    }

    /** The alert of a difference reconciliation cannot heal, with both sides' figures and who does what. */
    static Alert alert(Classified c, String reportId, Instant now) {
        String both = "the processor's report " + reportId + " says " + c.processor() + "; Tally recorded " + c.tally();
        String order = c.orderId() == null ? "no order ID" : "order " + c.orderId();
        return switch (c.klass()) {
            case MISSING_IN_TALLY -> alert(c.klass(), Severity.CRITICAL, reportId, c.transactionId(), c.orderId(),
                    "transaction " + c.transactionId() + " (" + order + "): " + both + ", and no webhook arrived for it. It cannot be"
                            + " healed (" + (c.processor().chargeMinor() == null ? "the report has no charge row for it" : "the row names no order")
                            + "): find the order with the processor's metadata and place or correct it, or refund the charge", now);
            case MISSING_AT_PROCESSOR -> alert(c.klass(), Severity.CRITICAL, reportId, c.transactionId(), c.orderId(),
                    "transaction " + c.transactionId() + " (" + order + "): " + both + ". Tally took the order as paid but the processor"
                            + " does not report the money: check the charge in the processor's dashboard before the goods ship;"
                            + " if it never happened, hold the order and contact the customer", now);
            case AMOUNT_MISMATCH -> alert(c.klass(), Severity.CRITICAL, reportId, c.transactionId(), c.orderId(),
                    "transaction " + c.transactionId() + " (" + order + "): " + both + ". Finance decides which figure is right:"
                            + " refund the difference with the processor or correct the books", now);
            case STATUS_MISMATCH -> alert(c.klass(), Severity.WARNING, reportId, c.transactionId(), c.orderId(),
                    "transaction " + c.transactionId() + " (" + order + "): " + both + ". A refund or dispute reached one side only:"
                            + " check it in the processor's dashboard; if the processor has it, its webhook was lost (replay it from the"
                            + " dashboard); if only Tally has it, the refund request never reached the processor", now);
            case MATCHED, IGNORED -> throw new IllegalArgumentException(c.klass() + " raises no alert");
        };
    }

    private static Alert alert(ReconciliationClass klass, Severity severity, String reportId, String transactionId, String orderId,
                               String detail, Instant now) {
        String kind = klass.alertKind();
        return Alert.newBuilder()
                .setEventId(EventIds.derived(reportId + "/" + transactionId, kind))
                .setCauseEventId(null)
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(orderId != null ? orderId : transactionId)
                .setDetail(detail)
                .setAt(now)
                .build();
    }
}
