package com.tally.ingest;

import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code POST /webhooks/{provider}}: the one place where Tally must never lie to a payment
 * processor or a warehouse. In order: a known provider (404), a JSON body (415), no more than
 * the size limit counted on the bytes actually read (413), a valid signature (401), a body the
 * provider can read (400); then card numbers are masked, the record the provider made of the
 * body is appended (a payment keyed by transaction ID, a warehouse callback by order ID), and
 * the 2xx goes out only once Kafka acknowledged it (and the alert, when a card number was masked).
 * Every refusal is answered 4xx, counted and recorded, bounded ({@link RejectionRecorder}).
 * {@link WebhookHandler} reads the request and writes the answer.
 */
final class WebhookIntake {

    private final Map<String, WebhookProvider> providers;
    private final Appender appender;
    private final AnswerOnAck answers;
    private final RejectionRecorder rejections;
    private final int maxBodyBytes;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AvroSerde<Alert> alerts = AvroSerde.of(Alert.class);
    /** Counters by provider and outcome, looked up once: this is the hot path. */
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    WebhookIntake(List<WebhookProvider> providers, Appender appender, AnswerOnAck answers, RejectionRecorder rejections,
                  int maxBodyBytes, Clock clock, MeterRegistry registry) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(WebhookProvider::name, Function.identity()));
        this.appender = appender;
        this.answers = answers;
        this.rejections = rejections;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.registry = registry;
    }

    /** The largest body accepted; the reader reads one byte more, so a larger one is told apart. */
    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * @param body the bytes read, at most one more than the size limit, so an oversized body is
     *             told apart without reading all of it
     * @return the answer, once every append it waits for is acknowledged or has failed
     */
    CompletableFuture<HttpAnswer> receive(Delivery delivery, byte[] body) {
        if (appender.draining()) {
            return CompletableFuture.completedFuture(answers.unavailable(new AppendRefused("ingest-service is stopping")));
        }
        WebhookProvider provider = providers.get(delivery.provider());
        if (provider == null) {
            return rejections.reject(delivery, "UNKNOWN_PROVIDER", "no webhook provider '" + delivery.provider() + "': post to one of "
                    + providers.keySet().stream().sorted().map(p -> "/webhooks/" + p).toList(), HttpStatus.NOT_FOUND, null);
        }
        String contentType = delivery.headers().getOrDefault("content-type", "");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return rejections.reject(delivery, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json, not '" + contentType + "'",
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, null);
        }
        if (body.length > maxBodyBytes) {
            return rejections.reject(delivery, "TOO_LARGE", "the body is larger than the " + maxBodyBytes
                    + " bytes this endpoint accepts (TALLY_INGEST_MAX_BODY)", HttpStatus.CONTENT_TOO_LARGE, null);
        }
        SignatureCheck signature = provider.verify(delivery.headers(), body);
        if (!signature.isValid()) {
            return rejections.reject(delivery, signature.outcome().name(), signature.detail(), HttpStatus.UNAUTHORIZED, null);
        }
        var webhook = new VerifiedWebhook(delivery, body, clock.instant());
        EventMapping<WebhookRecord> mapping = provider.map(webhook);
        if (mapping instanceof EventMapping.Unparseable<WebhookRecord> unparseable) {
            // the detail quotes the body's own fields, so it is masked like the body
            return rejections.reject(delivery, "MALFORMED_BODY", webhook.mask(unparseable.detail()), HttpStatus.BAD_REQUEST,
                    webhook.maskedBody());
        }
        WebhookRecord record = ((EventMapping.Mapped<WebhookRecord>) mapping).event();
        CompletableFuture<RecordMetadata> appended = appender.append(record.topic(), record.key(), record.value());
        if (webhook.cardNumbers() > 0) {
            // the 2xx waits for the alert too: were it lost, the masked card number would go unnoticed
            appended = appended.thenCombine(raiseCardNumberAlert(provider.name(), webhook, record), (stored, alert) -> stored);
        }
        return answers.afterAck(appended, () -> HttpAnswer.json(HttpStatus.OK, record.answer()),
                acked -> outcomes.computeIfAbsent(provider.name() + (acked ? "/accepted" : "/unavailable"),
                        key -> Counter.builder("tally.ingest.webhooks")
                                .description("verified webhooks by provider and whether Kafka acknowledged them in time")
                                .tags("provider", provider.name(), "outcome", acked ? "accepted" : "unavailable")
                                .register(registry)).increment());
    }

    private CompletableFuture<RecordMetadata> raiseCardNumberAlert(String provider, VerifiedWebhook webhook, WebhookRecord record) {
        var alert = Alert.newBuilder()
                .setEventId(EventIds.derived(webhook.eventId(), "card-number-masked"))
                .setCauseEventId(webhook.eventId())
                .setKind("card-number-in-webhook")
                .setSeverity(Severity.CRITICAL)
                .setSubject(record.key())
                .setDetail(webhook.cardNumbers() + " card number(s) in " + provider + " event " + record.providerEventId()
                        + " were masked before storing; find out which field carries them and stop the sender from putting card data there")
                .setAt(webhook.receivedAt())
                .build();
        return appender.append(Topics.ALERTS, alert.getSubject(), alerts.encode(alert));
    }
}
