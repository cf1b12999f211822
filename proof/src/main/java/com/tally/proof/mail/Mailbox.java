package com.tally.proof.mail;

import java.util.List;

/**
 * What one address's inbox holds.
 *
 * @param exists false when the server refused the address's login: on GreenMail, nothing was ever delivered to it
 */
public record Mailbox(String address, boolean exists, List<ReceivedEmail> emails) {

    public Mailbox {
        emails = List.copyOf(emails);
    }

    static Mailbox unknown(String address) {
        return new Mailbox(address, false, List.of());
    }
}
