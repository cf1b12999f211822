package com.tally.proof.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mail server as notification-stream and a person's mail client meet it: SMTP in, IMAP out. */
class MailServerIT {

    private final MailServer server = new MailServer(0, 0);
    private TestSender sender;
    private Inbox inbox;

    @BeforeEach
    void start() {
        server.start();
        sender = new TestSender(server.smtpPort());
        inbox = new Inbox("localhost", server.imapPort());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anE_mailSentIsReadBackOverImapWithTheAddressAsLoginAndPassword() throws Exception {
        assertEquals(new Mailbox("ann@example.com", false, List.of()), inbox.read("ann@example.com"));

        sender.send("ann@example.com", "<ntf_1@tally>", "Order o-1 confirmed", "Thank you.\n.a line with a dot\n");

        Mailbox ann = inbox.read("ann@example.com");
        assertTrue(ann.exists());
        assertEquals(1, ann.emails().size());
        ReceivedEmail email = ann.emails().get(0);
        assertEquals("<ntf_1@tally>", email.messageId());
        assertEquals("shop@example.com", email.from());
        assertEquals(List.of("ann@example.com"), email.to());
        assertEquals("Order o-1 confirmed", email.subject());
        assertEquals("Thank you.\r\n.a line with a dot", email.text());
        assertEquals(0, inbox.read("bob@example.com").emails().size());
    }

    @Test
    void aRefusedRecipientGetsA550AndNothingIsDelivered() throws Exception {
        server.refuse("Nobody@Example.com");

        var refused = assertThrows(SendFailedException.class,
                () -> sender.send("nobody@example.com", "<ntf_2@tally>", "Order o-2 confirmed", "text"));

        var rejection = assertInstanceOf(SMTPAddressFailedException.class, refused.getNextException());
        assertEquals(550, rejection.getReturnCode());
        assertFalse(inbox.read("nobody@example.com").exists());
        sender.send("ann@example.com", "<ntf_3@tally>", "Order o-3 confirmed", "text");
        assertEquals(1, inbox.read("ann@example.com").emails().size());
    }

    @Test
    void anSmtpOutageRefusesConnectionsAndTheServerComesBackOnItsPortWithItsMailboxes() throws Exception {
        int port = server.smtpPort();
        sender.send("ann@example.com", "<ntf_4@tally>", "before", "text");

        server.stopSmtp();
        var down = assertThrows(MessagingException.class, () -> sender.send("ann@example.com", "<ntf_5@tally>", "during", "text"));
        assertInstanceOf(java.net.ConnectException.class, down.getNextException());
        server.startSmtp();
        sender.send("ann@example.com", "<ntf_6@tally>", "after", "text");

        assertEquals(port, server.smtpPort());
        assertEquals(List.of("<ntf_4@tally>", "<ntf_6@tally>"),
                inbox.read("ann@example.com").emails().stream().map(ReceivedEmail::messageId).toList());
    }
}
