package com.tally.notification;

/**
 * The {@code Message-ID} of a notification's e-mail, from its notification ID alone: every send of
 * one notification, a retry or an in-doubt resend, carries the same one, so mail clients fold the
 * copies into one message.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** {@code <ntf_…@tally>}: the angle brackets belong to the header's value (RFC 5322 msg-id). */
    public static String of(String notificationId) {
        if (notificationId == null || notificationId.isBlank() || !notificationId.chars().allMatch(MessageIds::allowed)) {
            throw new IllegalArgumentException("notification ID '" + notificationId + "' cannot be a Message-ID's left part: it must be"
                    + " letters, digits, '_', '-' or '.' (NotificationIds.of makes such IDs)");
        }
        return "<" + notificationId + "@tally>";
    }

    private static boolean allowed(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }
}
