package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.notification.SendAnswer.Kind;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SendAnswerTest {

    private static final String SERVER = "the SMTP server at localhost:25";

    private static SendFailedException recipientRefused(int code, String text) throws Exception {
        var address = new InternetAddress("nobody@shop.example");
        // what Angus throws when the only recipient is refused at RCPT: the reply hangs off the next exception
        return new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(address, "RCPT TO:<nobody@shop.example>", code, text), new Address[0], new Address[0],
                new Address[] {address});
    }

    @Test
    void aSentEmailMayOfCourseHaveBeenDelivered() {
        assertEquals(new SendAnswer(Kind.SENT, null, true), SendAnswer.sent());
    }

    @Test
    void anUnknownMailboxIs5xxAndRejectedForGoodNotInDoubt() throws Exception {
        var answer = SendAnswer.ofSendFailure(recipientRefused(550, "550 5.1.1 no such mailbox"), SERVER);

        assertEquals(Kind.REJECTED, answer.kind());
        assertEquals(false, answer.mayHaveDelivered());
        assertTrue(answer.detail().startsWith(SERVER + " refused the e-mail with 550: Invalid Addresses; 550 5.1.1 no such mailbox"),
                answer.detail());
    }

    @Test
    void aFullMailboxIs4xxAndRetriedNotInDoubt() throws Exception {
        var answer = SendAnswer.ofSendFailure(recipientRefused(452, "452 4.2.2 mailbox full"), SERVER);

        assertEquals(Kind.RETRY, answer.kind());
        assertEquals(false, answer.mayHaveDelivered());
    }

    @Test
    void aReplyToTheEndOfTheDataSaysTheServerDidNotTakeIt() {
        var deferred = new SMTPSendFailedException(".", 451, "451 4.3.0 try again later", null, new Address[0], new Address[0], new Address[0]);
        var refused = new SMTPSendFailedException(".", 554, "554 5.7.1 spam", null, new Address[0], new Address[0], new Address[0]);

        assertEquals(Kind.RETRY, SendAnswer.ofSendFailure(deferred, SERVER).kind());
        assertEquals(false, SendAnswer.ofSendFailure(deferred, SERVER).mayHaveDelivered());
        assertEquals(Kind.REJECTED, SendAnswer.ofSendFailure(refused, SERVER).kind());
    }

    @Test
    void noReplyToTheDataLeavesTheSendInDoubt() {
        var timeout = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        var answer = SendAnswer.ofSendFailure(timeout, SERVER);

        assertEquals(Kind.RETRY, answer.kind());
        assertEquals(true, answer.mayHaveDelivered());
        assertTrue(answer.detail().contains("Read timed out"), answer.detail());
    }

    @Test
    void aRefusedConnectionSentNothing() {
        var refused = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));

        assertEquals(new SendAnswer(Kind.RETRY, "could not connect to " + SERVER + ": Couldn't connect to host; Connection refused", false),
                SendAnswer.ofSendFailure(refused, SERVER));
        assertEquals(false, SendAnswer.notConnected(refused, SERVER).mayHaveDelivered());
    }

    @Test
    void anyFailureBeforeTheSessionIsOpenIsRetriedAndSentNothing() {
        var eof = new MessagingException("[EOF]");
        var login = new AuthenticationFailedException("535 5.7.8 bad credentials");

        assertEquals(new SendAnswer(Kind.RETRY, "could not open an SMTP session with " + SERVER + ": [EOF]", false),
                SendAnswer.notConnected(eof, SERVER));
        var answer = SendAnswer.notConnected(login, SERVER);
        assertEquals(false, answer.mayHaveDelivered());
        assertTrue(answer.detail().contains("check TALLY_SMTP_USERNAME and TALLY_SMTP_PASSWORD"), answer.detail());
    }

    @Test
    void kafkaNotTakingTheAttemptSentNothing() {
        var answer = SendAnswer.notRecorded(new IllegalStateException("broker down"));

        assertEquals(Kind.RETRY, answer.kind());
        assertEquals(false, answer.mayHaveDelivered());
    }
}
