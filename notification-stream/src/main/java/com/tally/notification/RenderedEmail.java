package com.tally.notification;

import java.util.Objects;

/** One e-mail ready to send: its subject (one line) and the two parts of one multipart message. */
public record RenderedEmail(String subject, String text, String html) {

    public RenderedEmail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
