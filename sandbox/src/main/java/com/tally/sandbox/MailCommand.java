package com.tally.sandbox;

import com.tally.notification.NotificationConfig;
import com.tally.proof.mail.Inbox;
import com.tally.proof.mail.MailServer;
import com.tally.proof.mail.Mailbox;
import com.tally.proof.mail.ReceivedEmail;
import jakarta.mail.MessagingException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandbox mail}: what an address's inbox holds on the sandbox's mail server, read over IMAP as any mail client would. */
@Command(name = "mail", mixinStandardHelpOptions = true,
        description = {"Read an address's inbox over IMAP (login and password: the address) and print each e-mail's date, subject,",
                "Message-ID and text. Exits 1 when the inbox holds none."})
final class MailCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, description = "The recipient whose inbox to read, e.g. the order's customer e-mail.")
    String address;

    @Option(names = "--imap-host", defaultValue = "localhost", description = "The IMAP server (default: ${DEFAULT-VALUE}).")
    String imapHost;

    @Option(names = "--imap-port", defaultValue = "" + MailServer.SANDBOX_IMAP_PORT,
            description = "Its port (default: ${DEFAULT-VALUE}, the sandbox's).")
    int imapPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var inbox = new Inbox(imapHost, imapPort);
        Mailbox mailbox;
        try {
            mailbox = inbox.read(address);
        } catch (MessagingException e) {
            spec.commandLine().getErr().println("Cannot read " + address + "'s inbox at " + inbox.server() + ": " + e.getMessage());
            return 2;
        }
        if (mailbox.emails().isEmpty()) {
            out.println("No e-mail for " + address + " at " + inbox.server() + (mailbox.exists() ? "." : " (no mailbox: nothing was ever delivered to it)."));
            out.println("Check: the order's customer e-mail is this address; notification-stream sends to this sandbox's SMTP port"
                    + " (TALLY_SMTP_HOST/TALLY_SMTP_PORT, ./tally run --smtp-port); and what it did with the order's notifications:");
            out.println("  curl -H \"Authorization: Bearer $TALLY_OPERATOR_TOKEN\" http://localhost:" + NotificationConfig.PORT + "/notifications/<order ID>");
            out.flush();
            return 1;
        }
        out.println(mailbox.emails().size() + " e-mail(s) for " + address + " at " + inbox.server() + ":");
        for (ReceivedEmail email : mailbox.emails()) {
            out.println();
            out.println("Date:       " + (email.sentAt() != null ? email.sentAt() : email.receivedAt() + " (received)"));
            out.println("From:       " + email.from());
            out.println("Subject:    " + email.subject());
            out.println("Message-ID: " + email.messageId());
            out.println();
            out.println(email.text() == null ? "(no plain-text part)" : email.text().strip());
        }
        out.flush();
        return 0;
    }
}
