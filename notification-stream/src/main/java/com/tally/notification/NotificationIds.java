package com.tally.notification;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The notification ID, from (order ID, kind) alone: whichever event, repeated or replayed, asks
 * for an order's e-mail of one kind, it is the same notification, deduped by the outbox and
 * sent with a Message-ID derived from it.
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String of(String orderId, NotificationKind kind) {
        return "ntf_" + UUID.nameUUIDFromBytes((orderId + "/" + kind.wireName()).getBytes(StandardCharsets.UTF_8));
    }
}
