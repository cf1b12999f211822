package com.tally.proof.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.tally.platform.TallyService;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP and IMAP server for Tally's e-mail, in memory: GreenMail, which makes a mailbox on the
 * first delivery to an address, with login and password the address. Its SMTP port is a relay in
 * front of GreenMail's own, so the server can do what GreenMail alone cannot: refuse chosen
 * recipients with a 550 (an unknown mailbox; GreenMail takes every address) and go down and come
 * back on the same port while its mailboxes keep what they hold (an SMTP outage).
 */
public final class MailServer implements TallyService {

    /** The sandbox's SMTP port, which notification-stream sends to (TALLY_SMTP_PORT). */
    public static final int SANDBOX_SMTP_PORT = 3025;
    /** The sandbox's IMAP port, where any IMAP client reads what was sent. */
    public static final int SANDBOX_IMAP_PORT = 3143;

    private static final Logger log = LoggerFactory.getLogger(MailServer.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final int requestedSmtpPort;
    private final int requestedImapPort;
    private final Set<String> unknownMailboxes = ConcurrentHashMap.newKeySet();
    private GreenMail greenMail;
    private SmtpRelay smtp;

    /** A server for SMTP on {@code smtpPort} and IMAP on {@code imapPort}; 0 takes a free port. */
    public MailServer(int smtpPort, int imapPort) {
        this.requestedSmtpPort = smtpPort;
        this.requestedImapPort = imapPort;
    }

    @Override
    public String name() {
        return "mail-server";
    }

    @Override
    public synchronized void start() {
        // GreenMail's SMTP on a free loopback port: senders reach it only through the relay
        greenMail = new GreenMail(new ServerSetup[]{new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(requestedImapPort, null, ServerSetup.PROTOCOL_IMAP)});
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the mail server cannot listen for IMAP on port " + requestedImapPort + ": " + e.getMessage()
                    + ". Stop the process that has it, or choose another port (./tally run --imap-port)", e);
        }
        smtp = new SmtpRelay("mail-server-smtp", LOOPBACK, greenMail.getSmtp().getPort(), new SmtpRelay.Rules() {
            @Override
            public Optional<String> refuseRecipient(String address) {
                return unknownMailboxes.contains(normalized(address))
                        ? Optional.of("550 5.1.1 <" + address + ">: unknown mailbox") : Optional.empty();
            }
        });
        try {
            smtp.start(requestedSmtpPort);
        } catch (IllegalStateException e) {
            greenMail.stop();
            throw new IllegalStateException(e.getMessage() + " (./tally run --smtp-port)", e);
        }
        log.info("mail server: SMTP on port {}, IMAP on port {}", smtpPort(), imapPort());
    }

    /** Where senders connect. */
    public int smtpPort() {
        return smtp.port();
    }

    /** Where IMAP clients read, with login and password the recipient's address. */
    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** A reader of this server's mailboxes over IMAP. */
    public Inbox inbox() {
        return new Inbox("localhost", imapPort());
    }

    @Override
    public String url() {
        return "smtp://localhost:" + smtpPort() + "  imap://localhost:" + imapPort();
    }

    /** From now on, a RCPT TO for {@code address} gets a 550: the server knows no such mailbox. */
    public void refuse(String address) {
        unknownMailboxes.add(normalized(address));
    }

    /** The server knows {@code address} again, as before {@link #refuse}. */
    public void accept(String address) {
        unknownMailboxes.remove(normalized(address));
    }

    /** The SMTP port goes down: new connections are refused and open sessions dropped; IMAP and the mailboxes stay. */
    public void stopSmtp() {
        smtp.stop();
    }

    /** The SMTP port comes back where it was. */
    public void startSmtp() {
        smtp.restart();
    }

    @Override
    public synchronized void close() {
        if (smtp != null) {
            smtp.close();
            smtp = null;
        }
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    private static String normalized(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
