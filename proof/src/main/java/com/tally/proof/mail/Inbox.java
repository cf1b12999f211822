package com.tally.proof.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Reads inboxes over IMAP as any mail client would, logging in as the address with the address
 * as password: the mail server's (GreenMail's) accounts. What a test, {@code ./tally mail} and
 * the verifier see is what a person opening the mailbox would.
 */
public final class Inbox {

    private static final String TIMEOUT_MILLIS = "10000";

    private final String host;
    private final int port;
    private final Session session;

    public Inbox(String host, int port) {
        this.host = host;
        this.port = port;
        var properties = new Properties();
        properties.put("mail.imap.connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail.imap.timeout", TIMEOUT_MILLIS);
        this.session = Session.getInstance(properties);
    }

    /** Every e-mail in {@code address}'s INBOX, in the order the server holds them. */
    public Mailbox read(String address) throws MessagingException, IOException {
        try (Store store = session.getStore("imap")) {
            try {
                store.connect(host, port, address, address);
            } catch (AuthenticationFailedException e) {
                return Mailbox.unknown(address);
            }
            try (Folder inbox = store.getFolder("INBOX")) {
                inbox.open(Folder.READ_ONLY);
                Message[] messages = inbox.getMessages();
                // every message whole, in one command: fetched part by part, each costs the server's round trips
                var profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
                profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(messages, profile);
                var emails = new ArrayList<ReceivedEmail>(messages.length);
                for (Message message : messages) {
                    emails.add(ReceivedEmail.of(message));
                }
                return new Mailbox(address, true, emails);
            }
        } catch (MessagingException e) {
            if (e.getCause() instanceof java.net.ConnectException) {
                throw new MessagingException("no IMAP server answers at " + host + ":" + port
                        + ": is the sandbox running (./tally run), or is its IMAP port another (--imap-port)?", e);
            }
            throw e;
        }
    }

    /** Each address's inbox, keyed by the address, in the order given; an address given twice is read once. */
    public Map<String, Mailbox> readAll(Collection<String> addresses) throws MessagingException, IOException {
        Map<String, Mailbox> read = new LinkedHashMap<>();
        for (String address : addresses) {
            if (!read.containsKey(address)) {
                read.put(address, read(address));
            }
        }
        return read;
    }

    /** Where it reads, as a person would type it into a mail client. */
    public String server() {
        return host + ":" + port;
    }
}
