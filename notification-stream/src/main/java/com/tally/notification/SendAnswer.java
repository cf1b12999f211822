package com.tally.notification;

import jakarta.mail.AuthenticationFailedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Objects;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * What one send of an e-mail came to, from the SMTP server's reply or the exception that stood for
 * it. A 5xx reply (an unknown mailbox, say) is {@code REJECTED}, for good: one failed result, never
 * a loop. No connection, a 4xx reply, or no reply at all are worth another send. Only a send that
 * failed where the server may already have taken the e-mail (no reply to the end of its data, a
 * connection that broke midway) {@code mayHaveDelivered}: the next send of it is an in-doubt resend.
 * A failure known to come before the server took anything (no connection, any reply) may not have.
 *
 * @param detail null when sent; otherwise what the server said, or what failed
 */
public record SendAnswer(Kind kind, String detail, boolean mayHaveDelivered) {

    public enum Kind {
        SENT,
        /** Worth another send; a failure once the retries are spent. */
        RETRY,
        /** Refused by the server for good (a 5xx reply). */
        REJECTED
    }

    public SendAnswer {
        Objects.requireNonNull(kind, "kind");
    }

    public static SendAnswer sent() {
        return new SendAnswer(Kind.SENT, null, true);
    }

    /** No session to send in: nothing of the e-mail left this process, whatever the failure. */
    public static SendAnswer notConnected(Throwable failure, String server) {
        if (firstOf(failure, AuthenticationFailedException.class) != null) {
            return new SendAnswer(Kind.RETRY, server + " refused Tally's login: check " + SmtpSettings.USERNAME + " and "
                    + SmtpSettings.PASSWORD + detail(failure), false);
        }
        return new SendAnswer(Kind.RETRY, "could not open an SMTP session with " + server + detail(failure), false);
    }

    /** A failure once the session was open: a reply says what the server did; no reply leaves it in doubt. */
    public static SendAnswer ofSendFailure(Throwable failure, String server) {
        int code = replyCode(failure);
        if (code >= 500 && code < 600) {
            return new SendAnswer(Kind.REJECTED, server + " refused the e-mail with " + code + detail(failure), false);
        }
        if (code >= 400 && code < 500) {
            return new SendAnswer(Kind.RETRY, server + " deferred the e-mail with " + code + detail(failure), false);
        }
        if (firstOf(failure, ConnectException.class) != null || firstOf(failure, UnknownHostException.class) != null
                || firstOf(failure, MailConnectException.class) != null) {
            return new SendAnswer(Kind.RETRY, "could not connect to " + server + detail(failure), false);
        }
        return new SendAnswer(Kind.RETRY, "no reply from " + server + " that says whether it took the e-mail" + detail(failure), true);
    }

    /** Kafka did not take the ATTEMPTED record: nothing was sent, and it is tried again. */
    public static SendAnswer notRecorded(Throwable failure) {
        return new SendAnswer(Kind.RETRY, "the attempt could not be recorded in Kafka, so nothing was sent" + detail(failure), false);
    }

    /** The reply code an Angus exception in the chain carries, or -1. */
    static int replyCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            int code = -1;
            if (cause instanceof SMTPAddressFailedException address) {
                code = address.getReturnCode();
            } else if (cause instanceof SMTPSendFailedException send) {
                code = send.getReturnCode();
            }
            if (code >= 400) {
                return code;
            }
        }
        return -1;
    }

    private static <T extends Throwable> T firstOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Jakarta Mail chains with getNextException, which getCause returns; a guard against a cause that is itself. */
    private static Throwable next(Throwable cause) {
        Throwable next = cause.getCause();
        return next == cause ? null : next;
    }

    private static String detail(Throwable failure) {
        var text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 300; cause = next(cause)) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message.strip()) < 0) {
                text.append(text.length() == 0 ? ": " : "; ").append(message.strip());
            }
        }
        return text.length() == 0 ? " (" + failure.getClass().getSimpleName() + ")" : text.toString().replaceAll("\\s+", " ");
    }
}
