package com.tally.notification;

/** Sends every {@code NotificationRequested} on {@code notifications.requests} over SMTP (being built: issue 20). */
public final class NotificationDispatcher {

    /** The consumer group; its dead letters go to {@code notification-dispatcher.dlq}. */
    public static final String GROUP_ID = "notification-dispatcher";

    private NotificationDispatcher() {
    }
}
