package com.tally.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One order's notifications, in the order they were first seen: the value of
 * {@link StoreNames#VIEWS} and the answer of {@code GET /notifications/{orderId}}.
 */
public record OrderNotifications(String orderId, List<NotificationView> notifications) {

    public OrderNotifications {
        Objects.requireNonNull(orderId, "orderId");
        notifications = List.copyOf(notifications);
    }

    static OrderNotifications none(String orderId) {
        return new OrderNotifications(orderId, List.of());
    }

    Optional<NotificationView> find(String notificationId) {
        return notifications.stream().filter(n -> n.notificationId().equals(notificationId)).findFirst();
    }

    /** A new view with {@code changed} in the place of the one with its ID, or after the others when it is new. */
    OrderNotifications with(NotificationView changed) {
        var next = new ArrayList<NotificationView>(notifications.size() + 1);
        boolean replaced = false;
        for (NotificationView n : notifications) {
            boolean same = n.notificationId().equals(changed.notificationId());
            next.add(same ? changed : n);
            replaced |= same;
        }
        if (!replaced) {
            next.add(changed);
        }
        return new OrderNotifications(orderId, next);
    }
}
