package com.tally.order;

/** Names of order-stream's state stores; they also name the changelog topics, so they never change by accident. */
public final class StoreNames {

    /** Provider event IDs seen within the dedupe retention, with when they were first seen: the delivery dedupe. */
    public static final String SEEN_DELIVERIES = "seen-deliveries";
    /** Payment facts already recorded (a charge per transaction ID, a refund per refund ID), with when: the state dedupe. */
    public static final String RECORDED_FACTS = "recorded-facts";
    /** One {@code OrderState} per order ID: the order table served to interactive queries. */
    public static final String ORDER_STATE = "order-state";
    /** {@code STATUS/orderId} for every placed order: lists orders in a state without scanning them all. */
    public static final String ORDERS_BY_STATUS = "orders-by-status";
    /** Order IDs with payments held for an order not placed yet, and since when: the unmatched-payment timeout. */
    public static final String UNMATCHED_PAYMENTS = "unmatched-payments";
    /** Paid orders waiting for fulfillment, by since when, and which were raised stuck: {@link AwaitingFulfillment}. */
    public static final String AWAITING_FULFILLMENT = "awaiting-fulfillment";
    /** Ledger balances per currency. */
    public static final String LEDGER_BALANCES = "ledger-balances";
    /** {@code provider/transactionId} → what Tally derived about the transaction from its webhooks ({@link TallySide}). */
    public static final String TALLY_TRANSACTIONS = "tally-transactions";
    /** {@code provider/chargedAt/transactionId} for every charge Tally recorded: a report's period is a range scan. */
    public static final String TALLY_CHARGES_BY_TIME = "tally-charges-by-time";
    /** {@code reportId/transactionId/rowId} → the report's row: the rows seen, so the same report twice counts once. */
    public static final String REPORT_ROWS = "report-rows";
    /** {@code reportId} → its {@link ReconciliationRun}: rows seen, then the classes, amounts and differences. */
    public static final String RECONCILIATION_RUNS = "reconciliation-runs";

    private StoreNames() {
    }
}
