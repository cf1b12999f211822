package com.tally.ingest;

import com.tally.schemas.EventIds;
import java.time.Instant;
import java.util.Map;

/**
 * A webhook whose signature is valid, as its provider reads it: the headers and body as sent,
 * to parse; and what may be stored of it: the body and headers with card numbers masked, with
 * Tally's fresh event ID and the time it was received. The body is masked here, once, before
 * any provider sees it, so every provider stores what every other does.
 */
public final class VerifiedWebhook {

    private final Map<String, String> headers;
    private final byte[] body;
    private final byte[] maskedBody;
    private final Delivery.RecordableHeaders maskedHeaders;
    private final int cardNumbers;
    private final String eventId;
    private final Instant receivedAt;

    VerifiedWebhook(Delivery delivery, byte[] body, Instant receivedAt) {
        this.headers = delivery.headers();
        this.body = body;
        var masked = CardNumberMasker.mask(body);
        this.maskedBody = masked.utf8();
        this.maskedHeaders = delivery.recordableHeaders();
        this.cardNumbers = masked.count() + maskedHeaders.cardNumbers();
        this.eventId = EventIds.fresh();
        this.receivedAt = receivedAt;
    }

    /** A header as sent, by its lower-case name; null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body as sent and signed: to parse, never to store. */
    public byte[] body() {
        return body;
    }

    /** The body to store: as sent but with card numbers masked. */
    public byte[] maskedBody() {
        return maskedBody;
    }

    /** The headers to store: credentials left out, card numbers masked ({@link Delivery#recordableHeaders()}). */
    public Map<String, String> maskedHeaders() {
        return maskedHeaders.values();
    }

    /** A text taken from the body, to store: card numbers masked (they are already counted, with the body's). */
    public String mask(String text) {
        return CardNumberMasker.mask(text).text();
    }

    /** Tally's own ID for this delivery, new for every request, a repeated one too. */
    public String eventId() {
        return eventId;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** How many card numbers were masked in the body and headers: more than none raises an alert. */
    int cardNumbers() {
        return cardNumbers;
    }
}
