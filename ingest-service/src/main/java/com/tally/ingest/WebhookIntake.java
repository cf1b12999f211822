package com.tally.ingest;

import com.tally.ingest.stripe.StripeEvent;
import com.tally.ingest.stripe.StripeEventMapper;
import com.tally.ingest.stripe.StripeSignature;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookReceived;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /webhooks/{provider}}: checks size and signature, maps the event to canonical
 * fields and appends it keyed by transaction ID, answering 2xx only once Kafka acknowledged.
 * Every refusal is answered 4xx and recorded.
 */
final class WebhookIntake {

    static final String STRIPE = "stripe";

    private final KafkaAppender appender;
    private final AnswerOnAck answers;
    private final RejectionRecorder rejections;
    private final StripeSignature stripeSignature;
    private final int maxBodyBytes;
    private final Clock clock;
    private final AvroSerde<WebhookReceived> serde = AvroSerde.of(WebhookReceived.class);

    WebhookIntake(KafkaAppender appender, AnswerOnAck answers, RejectionRecorder rejections,
                  StripeSignature stripeSignature, int maxBodyBytes, Clock clock) {
        this.appender = appender;
        this.answers = answers;
        this.rejections = rejections;
        this.stripeSignature = stripeSignature;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    void receive(Context ctx) {
        String provider = ctx.pathParam("provider");
        byte[] body = ctx.bodyAsBytes();
        if (!STRIPE.equals(provider)) {
            rejections.reject(ctx, provider, "UNKNOWN_PROVIDER", "no webhook provider '" + provider + "': post Stripe events to /webhooks/stripe",
                    HttpStatus.NOT_FOUND, body);
            return;
        }
        if (body.length > maxBodyBytes) {
            rejections.reject(ctx, provider, "TOO_LARGE", "the body has " + body.length + " bytes, more than the " + maxBodyBytes
                    + " this endpoint accepts (TALLY_INGEST_MAX_BODY_BYTES)", HttpStatus.CONTENT_TOO_LARGE, body);
            return;
        }
        var verification = stripeSignature.verify(ctx.header(StripeSignature.HEADER), body);
        if (!verification.valid()) {
            rejections.reject(ctx, provider, verification.outcome().name(), verification.detail(), HttpStatus.UNAUTHORIZED, body);
            return;
        }
        var mapping = StripeEventMapper.map(body);
        if (mapping instanceof StripeEventMapper.Unparseable unparseable) {
            rejections.reject(ctx, provider, "MALFORMED_BODY", unparseable.detail(), HttpStatus.BAD_REQUEST, body);
            return;
        }
        StripeEvent event = ((StripeEventMapper.Mapped) mapping).event();
        var received = WebhookReceived.newBuilder()
                .setEventId(EventIds.fresh())
                .setProvider(provider)
                .setProviderEventId(event.providerEventId())
                .setProviderEventType(event.providerEventType())
                .setKind(event.kind())
                .setTransactionId(event.transactionId())
                .setOrderId(event.orderId())
                .setAmountMinor(event.amountMinor())
                .setCurrency(event.currency())
                .setRefundId(null)
                .setFailureReason(event.failureReason())
                .setOccurredAt(event.occurredAt())
                .setReceivedAt(clock.instant())
                .setRawBody(ByteBuffer.wrap(body))
                .setHeaders(RecordableHeaders.of(ctx))
                .build();
        // keyed by transaction ID so all webhooks for one payment stay ordered in one partition
        answers.afterAck(ctx, appender.append(Topics.WEBHOOKS, received.getTransactionId(), serde.encode(received)),
                HttpStatus.OK, Map.of("received", true, "eventId", received.getEventId(), "providerEventId", event.providerEventId()));
    }
}
