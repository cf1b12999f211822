package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.AvroSerde;
import com.tally.schemas.Topics;
import com.tally.schemas.WebhookRejected;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a flood of refusals leaves on {@code payments.webhooks.rejected} ("Kafka" is a
 * {@link RecordingAppender}, time a clock the test moves): a bounded number of records, a summary
 * with the exact count of the rest, every refusal counted and answered.
 */
class RejectionRecorderTest {

    private static final Instant WINDOW_START = Instant.parse("2026-12-02T10:00:00Z");
    private static final String FLOODER = "203.0.113.7";
    private static final AvroSerde<WebhookRejected> REJECTIONS = AvroSerde.of(WebhookRejected.class);

    /** A clock the test moves; the recorder reads it on each rejection and each look for ended windows. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = WINDOW_START.plusSeconds(10);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final RecordingAppender appender = new RecordingAppender();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RejectionRecorder recorder(TrustedProxies proxies) {
        return new RejectionRecorder(appender, new AnswerOnAck(5), clock, registry, Set.of("stripe"), proxies,
                new RejectionBudget(RejectionBudget.Limits.DEFAULT));
    }

    private static CompletableFuture<HttpAnswer> forged(RejectionRecorder recorder, String peer, Map<String, String> headers) {
        return recorder.reject(new Delivery("stripe", headers, peer, 100, 100), "MISMATCH", "the signature does not match",
                HttpStatus.UNAUTHORIZED, null);
    }

    private List<WebhookRejected> recorded() {
        var records = new ArrayList<WebhookRejected>();
        for (int i = 0; i < appender.countsByTopic().getOrDefault(Topics.WEBHOOKS_REJECTED, 0L); i++) {
            records.add(REJECTIONS.decode(appender.appendsOn(Topics.WEBHOOKS_REJECTED).get(i).value()));
        }
        return records;
    }

    @Test
    void aFloodFromOneAddressIsRecordedTwentyTimesAndOnceSummarizedWithTheExactCountOfTheRest() {
        var recorder = recorder(TrustedProxies.NONE);
        var answers = new ArrayList<CompletableFuture<HttpAnswer>>();
        for (int i = 0; i < 10_000; i++) {
            answers.add(forged(recorder, FLOODER, Map.of()));
        }

        assertEquals(20, appender.appendsOn(Topics.WEBHOOKS_REJECTED).size(), "20 full records per address and reason per window");
        assertEquals(10_000.0, registry.get("tally.ingest.webhooks.rejected").tags("reason", "MISMATCH").counter().count(),
                "every rejection is counted one by one");
        assertTrue(answers.subList(20, 10_000).stream().allMatch(a -> a.isDone() && a.join().status() == HttpStatus.UNAUTHORIZED),
                "a refusal counted into the summary is answered 401 at once, waiting on no record");
        assertFalse(answers.get(0).isDone(), "a refusal recorded in full is answered once its record is in Kafka");
        appender.appendsOn(Topics.WEBHOOKS_REJECTED).forEach(RecordingAppender.Append::ack);
        assertTrue(answers.subList(0, 20).stream().allMatch(a -> a.join().status() == HttpStatus.UNAUTHORIZED));

        recorder.recordEndedWindows();
        assertEquals(20, recorded().size(), "no summary while the window is open");
        clock.now = WINDOW_START.plusSeconds(60);
        recorder.recordEndedWindows();

        List<WebhookRejected> records = recorded();
        assertEquals(21, records.size());
        assertTrue(records.subList(0, 20).stream().allMatch(r -> r.getCount() == 1 && r.getReceivedUntil() == null));
        WebhookRejected summary = records.get(20);
        assertEquals(9_980, summary.getCount());
        assertEquals(FLOODER, summary.getRemoteAddress());
        assertEquals("MISMATCH", summary.getReason());
        assertEquals("stripe", summary.getProvider());
        assertEquals(401, summary.getHttpStatus());
        assertEquals(WINDOW_START, summary.getReceivedAt());
        assertEquals(WINDOW_START.plusSeconds(60), summary.getReceivedUntil());
        assertTrue(summary.getDetail().startsWith("summary: 9980 more rejection(s) for MISMATCH from 203.0.113.7 between "),
                summary.getDetail());
        assertNull(summary.getBody());
        assertEquals("stripe", appender.appendsOn(Topics.WEBHOOKS_REJECTED).get(20).key());
    }

    @Test
    void stoppingWritesTheOpenWindowsSummaryAndRecordsLaterRefusalsInFull() {
        var recorder = recorder(TrustedProxies.NONE);
        for (int i = 0; i < 25; i++) {
            forged(recorder, FLOODER, Map.of());
        }

        recorder.close();
        forged(recorder, FLOODER, Map.of());

        List<WebhookRejected> records = recorded();
        assertEquals(22, records.size());
        assertEquals(5, records.get(20).getCount());
        assertEquals(clock.now, records.get(20).getReceivedUntil(), "the window is cut short where the service stopped");
        assertEquals(1, records.get(21).getCount());
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsWhatIsLimitedAndRecorded() {
        var recorder = recorder(TrustedProxies.parse(List.of("10.0.0.0/8")));

        for (int i = 0; i < 30; i++) {
            forged(recorder, "10.0.0.2", Map.of("x-forwarded-for", "198.51.100." + (i % 3) + ", 10.0.0.1"));
        }
        forged(recorder, FLOODER, Map.of("x-forwarded-for", "198.51.100.0"));

        List<WebhookRejected> records = recorded();
        assertEquals(31, records.size(), "three addresses behind the proxy, ten each, all under their limit; and one more");
        assertEquals("198.51.100.0", records.get(0).getRemoteAddress());
        assertEquals("198.51.100.1", records.get(1).getRemoteAddress());
        assertEquals(FLOODER, records.get(30).getRemoteAddress(), "an untrusted peer cannot name another address");
        assertEquals("198.51.100.0, 10.0.0.1", records.get(0).getHeaders().get("x-forwarded-for"), "the chain is kept as sent");
    }
}
