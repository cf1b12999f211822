/** Notification outbox and the SMTP dispatcher. Arrives with a later issue. */
package com.tally.notification;
