package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.fulfillment.TestStripe.Reply;
import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.RefundResult;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refund dispatcher on the shared broker against a Stripe stand-in on a real port. One
 * dispatcher serves every test; each names its orders after the run, since other tests of this
 * JVM may write refund requests too.
 */
class RefundDispatcherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String API_KEY = "sk_test_tally";
    private static final AvroSerde<RefundRequested> REQUESTS = AvroSerde.of(RefundRequested.class);
    private static final AvroSerde<RefundResult> RESULTS = AvroSerde.of(RefundResult.class);
    private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);

    private static TestStripe stripe;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConfig kafka;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private static RefundDispatcher dispatcher;

    @BeforeAll
    static void startStripe() throws Exception {
        stripe = new TestStripe();
        kafka = KafkaConfig.fromEnv(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers(), KafkaConfig.PARTITIONS, "3"));
        TopicProvisioner.provision(kafka, TopicProvisioner.tallyTopics(List.of(RefundDispatcher.GROUP_ID)));
        producer = new KafkaProducer<>(KafkaDefaults.producer(kafka, "refund-dispatcher-it"));
        // tiny waits keep the retries fast; the call timeout is generous, so a slow machine does not turn a call into a retry
        var config = new RefundConfig(stripe.apiUrl(), API_KEY, Duration.ofSeconds(5),
                new RetryPolicy(Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(100), 4), 4);
        dispatcher = new RefundDispatcher(kafka, "", config, new SimpleMeterRegistry());
        dispatcher.start();
        Eventually.await(WAIT, "dispatcher ready", () -> dispatcher.readiness().check(), status -> status.ready());
    }

    @AfterAll
    static void stopStripe() {
        dispatcher.close();
        producer.close();
        stripe.close();
    }

    private String order(String name) {
        return "o-" + run + "-" + name;
    }

    private static RefundRequested request(String orderId, String provider) throws Exception {
        var request = RefundRequests.request(orderId, provider);
        producer.send(new ProducerRecord<>(Topics.REFUNDS, orderId, REQUESTS.encode(request))).get();
        return request;
    }

    private static <T extends SpecificRecord> List<T> committed(String topic, String orderId, AvroSerde<T> serde) {
        return CommittedLog.of(kafka, topic).stream()
                .filter(record -> orderId.equals(record.key()))
                .map(record -> serde.decode(record.value()))
                .toList();
    }

    /** The order's one result, after a moment more, so a second copy would show. */
    private static RefundResult awaitOnlyResult(String orderId) throws Exception {
        Eventually.await(WAIT, "a refund result for " + orderId, () -> committed(Topics.REFUND_RESULTS, orderId, RESULTS),
                found -> !found.isEmpty());
        Thread.sleep(300);
        var results = committed(Topics.REFUND_RESULTS, orderId, RESULTS);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    @Test
    void anAcceptedRefundGivesOneRequestedResultWithStripesRefundIdAndNoAlert() throws Exception {
        String orderId = order("accepted");
        var request = request(orderId, "stripe");

        var result = awaitOnlyResult(orderId);

        assertEquals(RefundOutcome.REQUESTED, result.getOutcome());
        assertEquals(stripe.refundFor(request.getRefundRequestId()), result.getProcessorRefundId());
        assertTrue(result.getProcessorRefundId().startsWith("re_"), result.getProcessorRefundId());
        assertEquals(1, result.getAttempts());
        assertEquals(EventIds.derived(request.getEventId(), "refund-result"), result.getEventId());
        assertEquals(request.getEventId(), result.getCauseEventId());
        assertEquals(request.getRefundRequestId(), result.getRefundRequestId());
        assertEquals("pi_" + orderId, result.getTransactionId());
        assertEquals("stripe", result.getProvider());
        assertNull(result.getReason());
        var calls = stripe.callsFor(orderId);
        assertEquals(1, calls.size());
        assertEquals(request.getRefundRequestId(), calls.get(0).idempotencyKey());
        assertEquals("Bearer " + API_KEY, calls.get(0).authorization());
        assertEquals("application/x-www-form-urlencoded", calls.get(0).contentType());
        assertEquals(Map.of("payment_intent", "pi_" + orderId, "amount", "4250", "metadata[order_id]", orderId,
                "metadata[refund_id]", request.getRefundRequestId()), calls.get(0).form());
        assertEquals(List.of(), committed(Topics.ALERTS, orderId, ALERTS));
    }

    @Test
    void aDeclineGivesOneRefusedResultAndOneAlertAfterExactlyOneCall() throws Exception {
        String orderId = order("declined");
        stripe.reply(orderId, new Reply(402, "{\"error\":{\"message\":\"Charge has already been refunded.\",\"type\":\"invalid_request_error\"}}"));
        request(orderId, "stripe");

        var result = awaitOnlyResult(orderId);

        assertEquals(RefundOutcome.REFUSED, result.getOutcome());
        assertEquals("the processor refused the refund with 402: Charge has already been refunded.", result.getReason());
        assertEquals(1, result.getAttempts());
        assertEquals(1, stripe.callsFor(orderId).size(), "a refusal is not retried");
        var alerts = committed(Topics.ALERTS, orderId, ALERTS);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("refund-refused", alerts.get(0).getKind());
        assertEquals(orderId, alerts.get(0).getSubject());
    }

    @Test
    void serverErrorsAreRetriedWithTheSameKeyUntilTheRefundIsRequested() throws Exception {
        String orderId = order("flaky");
        stripe.reply(orderId, new Reply(500, "{\"error\":{\"message\":\"An unknown error occurred\"}}"), new Reply(500, null));
        var request = request(orderId, "stripe");

        var result = awaitOnlyResult(orderId);

        assertEquals(RefundOutcome.REQUESTED, result.getOutcome());
        assertEquals(3, result.getAttempts());
        assertEquals(stripe.refundFor(request.getRefundRequestId()), result.getProcessorRefundId());
        var keys = stripe.callsFor(orderId).stream().map(TestStripe.Call::idempotencyKey).toList();
        assertEquals(List.of(request.getRefundRequestId(), request.getRefundRequestId(), request.getRefundRequestId()), keys);
        assertEquals(List.of(), committed(Topics.ALERTS, orderId, ALERTS));
    }

    @Test
    void aProviderWithoutARefundApiGetsAFailedResultAndOneAlertWithoutACall() throws Exception {
        String orderId = order("standard");
        request(orderId, "standard");

        var result = awaitOnlyResult(orderId);

        assertEquals(RefundOutcome.FAILED, result.getOutcome());
        assertEquals(0, result.getAttempts());
        assertTrue(result.getReason().contains("refund by hand in standard's dashboard"), result.getReason());
        assertEquals(List.of(), stripe.callsFor(orderId));
        var alerts = committed(Topics.ALERTS, orderId, ALERTS);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("refund-by-hand", alerts.get(0).getKind());
    }

    @Test
    void aKeyStripeRefusesIsRetriedThenFailsNamingTheKey() throws Exception {
        String orderId = order("bad-key");
        var unauthorized = new Reply(401, "{\"error\":{\"message\":\"Invalid API Key provided\"}}");
        stripe.reply(orderId, unauthorized, unauthorized, unauthorized, unauthorized);
        request(orderId, "stripe");

        var result = awaitOnlyResult(orderId);

        assertEquals(RefundOutcome.FAILED, result.getOutcome());
        assertEquals(4, result.getAttempts());
        assertEquals(4, stripe.callsFor(orderId).size());
        assertTrue(result.getReason().contains("check TALLY_PROCESSOR_API_KEY"), result.getReason());
        var alerts = committed(Topics.ALERTS, orderId, ALERTS);
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("refund-failed", alerts.get(0).getKind());
    }
}
