package com.tally.notification;

import com.tally.schemas.OrderStatus;
import java.util.Arrays;
import java.util.Optional;

/**
 * The e-mails an order can be owed, each answering one transition of the order. The wire name is
 * what {@code NotificationRequested.kind} carries and what the notification ID is derived from,
 * so it never changes once released.
 */
public enum NotificationKind {

    ORDER_CONFIRMED("order-confirmed", OrderStatus.PAID, false),
    PAYMENT_FAILED("payment-failed", OrderStatus.PAYMENT_FAILED, false),
    SHIPPED("shipped", OrderStatus.SHIPPED, false),
    DELIVERED("delivered", OrderStatus.DELIVERED, false),
    REFUND_ISSUED("refund-issued", OrderStatus.REFUNDED, false),
    /** For the shop, not the buyer: an order a person must look at (TALLY_OPS_EMAIL). */
    NEEDS_REVIEW("needs-review", OrderStatus.NEEDS_REVIEW, true);

    private final String wireName;
    private final OrderStatus target;
    private final boolean toOperations;

    NotificationKind(String wireName, OrderStatus target, boolean toOperations) {
        this.wireName = wireName;
        this.target = target;
        this.toOperations = toOperations;
    }

    public String wireName() {
        return wireName;
    }

    /** The status whose arrival owes this e-mail. */
    public OrderStatus target() {
        return target;
    }

    /** Whether it goes to the shop's operations address instead of the customer. */
    public boolean toOperations() {
        return toOperations;
    }

    /** The kind a transition to {@code status} owes, if any. */
    public static Optional<NotificationKind> answering(OrderStatus status) {
        return Arrays.stream(values()).filter(kind -> kind.target == status).findFirst();
    }

    public static Optional<NotificationKind> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equals(wireName)).findFirst();
    }
}
