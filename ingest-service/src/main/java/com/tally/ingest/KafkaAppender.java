package com.tally.ingest;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.platform.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;

/**
 * Appends to Kafka and completes when the broker acknowledged (acks=all, idempotent), or
 * fails after the ack timeout. Nothing is re-sent here: the caller's client (the payment
 * processor) retries, and dedupe downstream makes the retry harmless.
 */
final class KafkaAppender implements Appender, AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final Duration ackTimeout;
    /** How long the producer may hold a record before it gives up on it: longer than the ack timeout. */
    private final Duration deliveryTimeout;
    private final int maxInFlight;
    /** One permit per record the producer holds: past the bound a request is refused at once, never queued. */
    private final Semaphore inFlight;
    private volatile boolean draining;

    KafkaAppender(KafkaConfig kafka, Duration ackTimeout, int maxInFlight, MeterRegistry registry) {
        var settings = KafkaDefaults.producer(kafka, "ingest-service");
        // send() must not park a request thread for the default 60 s when metadata is missing
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ackTimeout.toMillis());
        this.deliveryTimeout = Duration.ofMillis(Math.max(ackTimeout.toMillis(), 2_000) + 1_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeout.toMillis(), 2_000));
        // a batch never holds more records than there are requests waiting on it, and with keys spread over the
        // partitions only a few wait on each: a millisecond lets the requests that arrive together share a batch,
        // and lingering longer only adds latency to every answer (compare with sandbox bench ingest before changing it)
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // keep the broker connection while idle, so readiness means "connected", not "recently busy"
        settings.put(ProducerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, -1L);
        this.producer = new KafkaProducer<>(settings);
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        this.ackTimeout = ackTimeout;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        registry.gauge("tally.ingest.appends.in.flight", inFlight, permits -> maxInFlight - permits.availablePermits());
    }

    /** Fetches the topic's metadata now, so the first request does not pay for it (and a missing topic fails startup). */
    void warmUp(String topic) {
        producer.partitionsFor(topic);
    }

    @Override
    public CompletableFuture<RecordMetadata> append(String topic, String key, byte[] value) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new AppendRefused(maxInFlight + " appends are already waiting for Kafka"));
        }
        if (draining) {
            inFlight.release();
            return CompletableFuture.failedFuture(new AppendRefused("ingest-service is stopping"));
        }
        // the clock starts before send(), which may park this thread while metadata is missing: that wait counts too
        var acked = new CompletableFuture<RecordMetadata>().orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        // the permit goes back when the producer lets go of the record, not when the answer goes out: after a
        // timed-out answer the record may still be appended, and until then it holds memory and counts against the bound
        // once only: send() can report one record twice (an API error raised after the append goes to the callback,
        // and the batch later reports the record's own outcome), and each report would release a permit
        var permit = new AtomicBoolean(true);
        Runnable release = () -> {
            if (permit.getAndSet(false)) {
                inFlight.release();
            }
        };
        try {
            // completes on the producer's network thread: handing each answer to another thread adds a thread
            // hand-off per request, and measured slower in sandbox bench ingest
            // released after complete(), which runs what waits on the ack (the answer's write included): so drain()
            // returns only once acknowledged requests are answered, and stopping the HTTP server cannot cut one off
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
                release.run();
            });
        } catch (RuntimeException e) {
            release.run();
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * Graceful stop, step one: refuse new appends, then wait (up to the delivery timeout and a
     * second) until the producer has let go of every record, so no request that may still be
     * 2xx'd is cut off.
     */
    void drain() {
        draining = true;
        producer.flush();
        try {
            if (inFlight.tryAcquire(maxInFlight, deliveryTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                inFlight.release(maxInFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean draining() {
        return draining;
    }

    Readiness readiness() {
        return () -> {
            if (draining) {
                return Readiness.Status.notReady("ingest-service is stopping");
            }
            double connections = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals("connection-count"))
                    .map(e -> e.getValue()).map(Metric::metricValue)
                    .mapToDouble(v -> ((Number) v).doubleValue()).sum();
            return connections > 0
                    ? Readiness.Status.ready("producer connected to Kafka")
                    : Readiness.Status.notReady("producer has no connection to Kafka: check TALLY_BOOTSTRAP_SERVERS and the brokers");
        };
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        metrics.close();
    }
}
