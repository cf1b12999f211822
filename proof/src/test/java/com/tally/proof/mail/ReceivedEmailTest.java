package com.tally.proof.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a reader takes from a message: headers and the plain text, without a server. */
class ReceivedEmailTest {

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void multipartAlternativeGivesItsPlainTextPartAndTheHeaders() throws Exception {
        var message = parse("""
                Message-ID: <ntf_1@tally>
                Date: Tue, 3 Mar 2026 10:15:30 +0000
                From: Tally Shop <shop@example.com>
                To: Ann <ann@example.com>, bob@example.com
                Subject: Order o-1 confirmed
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/plain; charset=UTF-8

                Thank you, 49.90 EUR.
                --b1
                Content-Type: text/html; charset=UTF-8

                <p>Thank you, 49.90 EUR.</p>
                --b1--
                """);

        var email = ReceivedEmail.of(message);

        assertEquals(new ReceivedEmail("<ntf_1@tally>", "shop@example.com", List.of("ann@example.com", "bob@example.com"),
                "Order o-1 confirmed", Instant.parse("2026-03-03T10:15:30Z"), null, "Thank you, 49.90 EUR."), email);
    }

    @Test
    void aMessageWithOnlyHtmlHasNoTextAndAMessageWithoutHeadersHasNulls() throws Exception {
        var message = parse("""
                Content-Type: text/html; charset=UTF-8

                <p>only HTML</p>
                """);

        var email = ReceivedEmail.of(message);

        assertNull(email.messageId());
        assertNull(email.from());
        assertEquals(List.of(), email.to());
        assertNull(email.sentAt());
        assertNull(email.text());
    }

    @Test
    void aTextPartNestedInMixedIsFound() throws Exception {
        var message = parse("""
                Message-ID: <ntf_2@tally>
                Content-Type: multipart/mixed; boundary="outer"

                --outer
                Content-Type: multipart/alternative; boundary="inner"

                --inner
                Content-Type: text/html

                <b>x</b>
                --inner
                Content-Type: text/plain

                the text
                --inner--
                --outer--
                """);

        assertEquals("the text", ReceivedEmail.of(message).text());
    }
}
