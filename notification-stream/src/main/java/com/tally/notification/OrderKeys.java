package com.tally.notification;

/**
 * The rule every input of notification-stream follows: keyed by the order ID its value names. A
 * record that breaks it is a producer's bug; deciding or showing it would file one order's e-mail
 * under another. Thrown, the processing exception handler sends it to notification-stream.dlq and
 * the other orders go on.
 */
final class OrderKeys {

    private OrderKeys() {
    }

    /** @param topics the topic(s) the record came from, named in the error so its producer can be found */
    static void require(String key, String orderId, String topics) {
        if (!key.equals(orderId)) {
            throw new IllegalArgumentException("record keyed " + key + " names order " + orderId + ": fix the producer of "
                    + topics + " to key records by order ID");
        }
    }
}
