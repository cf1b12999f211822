package com.tally.proof.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy holds the server's answer to a whole message while the message already sits in the mailbox. */
class HoldingSmtpProxyIT {

    private final MailServer server = new MailServer(0, 0);
    private HoldingSmtpProxy proxy;
    private Inbox inbox;

    @BeforeEach
    void start() {
        server.start();
        proxy = HoldingSmtpProxy.start(0, "localhost", server.smtpPort());
        inbox = new Inbox("localhost", server.imapPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    @Test
    void aHeldSendBlocksWithItsMessageAlreadyDeliveredAndCompletesOnRelease() throws Exception {
        var sender = new TestSender(proxy.port());
        proxy.holdReplies();

        var send = CompletableFuture.runAsync(() -> {
            try {
                sender.send("ann@example.com", "<ntf_1@tally>", "Order o-1 confirmed", "Thank you.");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertTrue(proxy.awaitHeld(Duration.ofSeconds(10)), "the reply to the message's end was held");
        assertEquals(List.of("<ntf_1@tally>"), messageIds());
        assertFalse(send.isDone(), "the sender waits for the held reply");
        proxy.release();
        assertNull(send.get(10, TimeUnit.SECONDS));
        assertEquals(1, proxy.heldCount());
    }

    @Test
    void everyByteOfAMessagePassesUntouchedWhenNotHolding() throws Exception {
        var sender = new TestSender(proxy.port());
        String text = ".a leading dot\r\n..two\r\n\r\n" + "x".repeat(900) + "\r\nü and € in UTF-8\r\n.";

        sender.send("ann@example.com", "<ntf_2@tally>", "Ü subject", text);
        sender.send("ann@example.com", "<ntf_3@tally>", "second", "again");

        List<ReceivedEmail> emails = inbox.read("ann@example.com").emails();
        assertEquals(List.of("<ntf_2@tally>", "<ntf_3@tally>"), emails.stream().map(ReceivedEmail::messageId).toList());
        assertEquals(text, emails.get(0).text());
        assertEquals("Ü subject", emails.get(0).subject());
        assertEquals(0, proxy.heldCount());
        assertFalse(proxy.awaitHeld(Duration.ZERO));
    }

    @Test
    void aSenderKilledWhileHeldLeavesItsMessageDeliveredAndTheProxyServesItsResend() throws Exception {
        proxy.holdReplies();
        try (var socket = new Socket("localhost", proxy.port())) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertEquals("220", reply(in));
            for (String command : List.of("EHLO test", "MAIL FROM:<shop@example.com>", "RCPT TO:<ann@example.com>")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                assertEquals("250", reply(in), command);
            }
            out.write("DATA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("354", reply(in));
            out.write("Message-ID: <ntf_4@tally>\r\nSubject: held\r\n\r\ntext\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(proxy.awaitHeld(Duration.ofSeconds(10)));
        }   // the sender dies with the reply held: it never learns its message arrived

        proxy.passReplies();
        new TestSender(proxy.port()).send("ann@example.com", "<ntf_4@tally>", "held", "text");

        assertEquals(List.of("<ntf_4@tally>", "<ntf_4@tally>"), messageIds());
        assertEquals(1, proxy.heldCount());
    }

    /** A reply's code, read to its last line. */
    private static String reply(BufferedReader in) throws Exception {
        String line = in.readLine();
        while (line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line.substring(0, 3);
    }

    private List<String> messageIds() throws Exception {
        return inbox.read("ann@example.com").emails().stream().map(ReceivedEmail::messageId).toList();
    }
}
