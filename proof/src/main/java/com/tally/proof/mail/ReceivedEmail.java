package com.tally.proof.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One e-mail as a mailbox holds it: what a reader checks it by.
 *
 * @param messageId  the Message-ID header, angle brackets included; null when it has none
 * @param sentAt     the Date header; null when it has none
 * @param receivedAt when the server took it (IMAP's INTERNALDATE, to the second)
 * @param text       the plain-text part (the first, in a multipart message); null when it has none
 */
public record ReceivedEmail(String messageId, String from, List<String> to, String subject, Instant sentAt, Instant receivedAt,
                            String text) {

    public ReceivedEmail {
        to = List.copyOf(to);
    }

    /** Reads {@code message}'s headers and plain text; its body is fetched from the server here if it is an IMAP message. */
    public static ReceivedEmail of(Message message) throws MessagingException, IOException {
        String messageId = message instanceof MimeMessage mime ? mime.getMessageID() : first(message.getHeader("Message-ID"));
        return new ReceivedEmail(messageId, addresses(message.getFrom()).stream().findFirst().orElse(null),
                addresses(message.getRecipients(Message.RecipientType.TO)), message.getSubject(), instant(message.getSentDate()),
                instant(message.getReceivedDate()), plainText(message).orElse(null));
    }

    /** The first text/plain part, depth first: a notification is multipart/alternative with its text before its HTML. */
    static Optional<String> plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return Optional.of(part.getContent().toString());
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                Optional<String> text = plainText(multipart.getBodyPart(i));
                if (text.isPresent()) {
                    return text;
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        return Arrays.stream(addresses)
                .map(a -> a instanceof InternetAddress internet ? internet.getAddress() : a.toString())
                .filter(Objects::nonNull)
                .toList();
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0];
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
