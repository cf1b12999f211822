package com.tally.proof.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the relay reads the conversation: lines as they came, a message's end, a reply's last line. */
class SmtpRelayTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void linesComeWithTheirLineEndsAsTheyCameAndALastLineWithoutOne() throws Exception {
        var in = new ByteArrayInputStream(ascii("EHLO a\r\nbare\n\r\ntail"));
        List<String> lines = new ArrayList<>();
        byte[] line;
        while ((line = SmtpRelay.readLine(in)) != null) {
            lines.add(new String(line, StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("EHLO a\r\n", "bare\n", "\r\n", "tail"), lines);
        assertNull(SmtpRelay.readLine(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void aMessageEndsAtALoneDotNotAtADoubledOne() {
        assertTrue(SmtpRelay.isEndOfMessage(ascii(".\r\n")));
        assertTrue(SmtpRelay.isEndOfMessage(ascii(".\n")));
        assertFalse(SmtpRelay.isEndOfMessage(ascii("..\r\n")));
        assertFalse(SmtpRelay.isEndOfMessage(ascii(". \r\n")));
        assertFalse(SmtpRelay.isEndOfMessage(ascii(".line\r\n")));
    }

    @Test
    void aReplyEndsAtTheLineWithoutAHyphenAfterItsCode() {
        assertFalse(SmtpRelay.isLastLineOfReply(ascii("250-localhost\r\n")));
        assertTrue(SmtpRelay.isLastLineOfReply(ascii("250 OK\r\n")));
        assertTrue(SmtpRelay.isLastLineOfReply(ascii("250\r\n")));
    }
}
