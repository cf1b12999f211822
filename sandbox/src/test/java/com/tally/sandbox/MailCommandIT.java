package com.tally.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.proof.mail.MailServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./tally mail} against a real mail server: what was sent, or what to check when nothing was. */
class MailCommandIT {

    private final MailServer server = new MailServer(0, 0);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int mail(String... args) {
        return new CommandLine(new MailCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void printsEachE_mailsDateSubjectMessageIdAndText() throws Exception {
        var properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(server.smtpPort()));
        var message = new MimeMessage(Session.getInstance(properties)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<ntf_1@tally>");
            }
        };
        message.setFrom(new InternetAddress("shop@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.com"));
        message.setSubject("Order o-1 confirmed");
        message.setSentDate(Date.from(java.time.Instant.parse("2026-03-03T10:15:30Z")));
        message.setText("Thank you for your order.\n", "UTF-8");
        Transport.send(message);

        int exit = mail("--to", "ann@example.com", "--imap-port", String.valueOf(server.imapPort()));

        assertEquals(0, exit, err.toString());
        String printed = out.toString();
        assertTrue(printed.startsWith("1 e-mail(s) for ann@example.com at localhost:" + server.imapPort()), printed);
        assertTrue(printed.contains("Date:       2026-03-03T10:15:30Z"), printed);
        assertTrue(printed.contains("Subject:    Order o-1 confirmed"), printed);
        assertTrue(printed.contains("Message-ID: <ntf_1@tally>"), printed);
        assertTrue(printed.contains("\nThank you for your order."), printed);
    }

    @Test
    void anAddressNothingWasSentToSaysSoAndWhatToCheck() {
        int exit = mail("--to", "nobody@example.com", "--imap-port", String.valueOf(server.imapPort()));

        assertEquals(1, exit);
        String printed = out.toString();
        assertTrue(printed.startsWith("No e-mail for nobody@example.com at localhost:" + server.imapPort()
                + " (no mailbox: nothing was ever delivered to it)."), printed);
        assertTrue(printed.contains("TALLY_SMTP_PORT"), printed);
        assertTrue(printed.contains("/notifications/<order ID>"), printed);
    }

    @Test
    void noServerThereSaysWhereItLookedAndExits2() {
        int port = server.imapPort();
        server.close();

        int exit = mail("--to", "ann@example.com", "--imap-port", String.valueOf(port));

        assertEquals(2, exit);
        assertTrue(err.toString().contains("is the sandbox running (./tally run)"), err.toString());
    }
}
