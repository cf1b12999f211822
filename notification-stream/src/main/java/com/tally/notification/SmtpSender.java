package com.tally.notification;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends one e-mail per call with Jakarta Mail (Angus), each on a session of its own, and says what
 * came of it as a {@link SendAnswer}. Blocking: the dispatcher calls it from its send threads.
 */
final class SmtpSender {

    private final SmtpSettings settings;
    private final Session session;
    private final String server;

    SmtpSender(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.server = "the SMTP server at " + settings.host() + ":" + settings.port() + " (" + SmtpSettings.HOST + ", "
                + SmtpSettings.PORT + ")";
    }

    static Properties properties(SmtpSettings settings) {
        var props = new Properties();
        String timeout = String.valueOf(settings.timeout().toMillis());
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", settings.host());
        props.put("mail.smtp.port", String.valueOf(settings.port()));
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        props.put("mail.smtp.auth", String.valueOf(settings.authenticates()));
        if (settings.startTls()) {
            // required, not just enabled: a server that does not offer it gets nothing in plain text
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        return props;
    }

    /**
     * The e-mail as it goes out: one multipart (text, then HTML) with the notification's Message-ID,
     * dated when it was requested, so every send of it is the same message.
     */
    MimeMessage compose(String messageId, String from, String recipient, RenderedEmail email, Date requestedAt) throws MessagingException {
        var message = new FixedIdMessage(session, messageId);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(requestedAt);
        var text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name());
        var html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        return message;
    }

    SendAnswer send(MimeMessage message) {
        Transport transport;
        try {
            transport = session.getTransport("smtp");
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                transport.connect();
            }
        } catch (MessagingException | RuntimeException e) {
            return SendAnswer.notConnected(e, server);
        }
        try {
            transport.sendMessage(message, message.getAllRecipients());
            return SendAnswer.sent();
        } catch (MessagingException | RuntimeException e) {
            return SendAnswer.ofSendFailure(e, server);
        } finally {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the e-mail's fate was decided by the reply to its data; QUIT changes nothing
            }
        }
    }

    /** Jakarta Mail makes a new Message-ID on every saveChanges; a notification keeps its own. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
