package com.tally.proof.sim;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.Access;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * A payment processor and a shop: places the stories' orders and sends their Stripe-signed
 * webhooks over many connections at a target rate. Like a processor it retries on 503 (after
 * {@code Retry-After}), on 429 and when the connection fails, and counts only a 2xx as delivered.
 */
public final class Simulator {

    /**
     * @param shopToken what the shop places its orders with; the processor's webhooks carry only
     *                  their signature, as a real processor's do
     */
    public record Settings(String ingestUrl, String stripeSecret, String shopToken, int connections, double ratePerSecond,
                           int maxAttempts, Path recordFile) {
        /** Counts and places, never the secret or the token: settings get printed. */
        @Override
        public String toString() {
            return "Simulator.Settings[" + ingestUrl + ", " + connections + " connections, " + ratePerSecond + "/s, "
                    + maxAttempts + " attempts, " + recordFile + "]";
        }
    }

    /** Told of every request's final answer, on the HTTP client's thread, as it happens. */
    public interface AnswerListener {
        AnswerListener NONE = (story, type, transactionId, status, answeredAtNanos) -> { };

        void answered(Story story, String type, String transactionId, int status, long answeredAtNanos);
    }

    public record Result(int orders, int deliveries, int asExpected, int unexpected, int retries, Duration took,
                         double p50Ms, double p99Ms) {
        public double deliveriesPerSecond() {
            return deliveries / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2, Simulator::daemon)).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, byte[]> bodies = new ConcurrentHashMap<>();
    private AnswerListener listener = AnswerListener.NONE;
    private KnownCharges processor = KnownCharges.NONE;

    public Simulator(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Simulator onAnswer(AnswerListener listener) {
        this.listener = listener;
        return this;
    }

    /** Tells {@code processor} of every successful charge before the run sends a webhook, so it can refund them. */
    public Simulator chargesKnownTo(KnownCharges processor) {
        this.processor = processor;
        return this;
    }

    public Result run(List<Story> stories, Mix mix, long seed) throws Exception {
        return run(stories, mix, seed, Set.of());
    }

    /**
     * As {@link #run(List, Mix, long)}, losing every delivery of the successful charge of the
     * {@code dropped} orders (see {@link Drops}); the processor still knows those charges, as a
     * real one would after taking the money.
     */
    public Result run(List<Story> stories, Mix mix, long seed, Set<String> dropped) throws Exception {
        processor.charged(KnownCharges.of(stories));
        var deliveries = new Deliveries(mix, seed, dropped);
        stories.forEach(deliveries::add);
        // what follows an answered request goes first, new stories only when nothing waits: so each order's webhooks
        // follow its placement within moments, as a processor's do, and the load is the same mix from start to end
        var ready = new LinkedBlockingQueue<Delivery>();
        var unstarted = new ConcurrentLinkedQueue<Delivery>(deliveries.roots());
        var remaining = new AtomicInteger(deliveries.all().size());
        var asExpected = new AtomicInteger();
        var unexpected = new AtomicInteger();
        var retries = new AtomicInteger();
        var latencies = new ConcurrentHistogram(60_000_000L, 3);   // microseconds
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try (var record = new SimulationRecord(settings.recordFile())) {
            stories.forEach(story -> record.story(story, dropped.contains(story.orderId())));
            var finisher = new Finisher(record, ready, timer, remaining, asExpected, unexpected, listener);
            timer.scheduleAtFixedRate(() -> progress.accept(String.format("%,d of %,d requests answered, %,d retries, p50 %.1f ms, p99 %.1f ms",
                    deliveries.all().size() - remaining.get(), deliveries.all().size(), retries.get(),
                    latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0)), 2, 2, TimeUnit.SECONDS);
            // one thread per connection, each sending and waiting like a processor's delivery worker: the JDK
            // client's asynchronous sends measured ten times slower here (about 1,000/s at 50 ms each)
            var slots = new AtomicLong();
            var workers = Executors.newFixedThreadPool(settings.connections(), Simulator::daemon);
            for (int i = 0; i < settings.connections(); i++) {
                workers.execute(() -> {
                    try {
                        while (remaining.get() > 0) {
                            Delivery next = nextToSend(ready, unstarted);
                            if (next == null) {
                                continue;
                            }
                            pace(start, slots.getAndIncrement());
                            next.attempts++;
                            long sentAt = System.nanoTime();
                            HttpResponse<Void> answer = null;
                            try {
                                answer = http.send(request(next), HttpResponse.BodyHandlers.discarding());
                            } catch (IOException down) {
                                // no answer: the processor tries again
                            }
                            latencies.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentAt), 60_000_000L));
                            int status = answer == null ? -1 : answer.statusCode();
                            if ((status == -1 || status == 503 || status == 429) && next.attempts < settings.maxAttempts()) {
                                retries.incrementAndGet();
                                var retried = answer;
                                timer.schedule(() -> ready.add(next), retryDelayMs(retried, next.attempts), TimeUnit.MILLISECONDS);
                            } else {
                                next.status = status;
                                finisher.finish(next);
                            }
                        }
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                // progress is printed by the timer meanwhile
            }
        } finally {
            timer.shutdownNow();
        }
        return new Result(stories.size(), deliveries.all().size(), asExpected.get(), unexpected.get(), retries.get(),
                Duration.ofNanos(System.nanoTime() - start), latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0);
    }

    private static Delivery nextToSend(LinkedBlockingQueue<Delivery> ready, ConcurrentLinkedQueue<Delivery> unstarted)
            throws InterruptedException {
        Delivery next = ready.poll();
        if (next == null) {
            next = unstarted.poll();
        }
        return next != null ? next : ready.poll(50, TimeUnit.MILLISECONDS);
    }

    /** Holds the sender to the target rate: request n leaves no earlier than n / rate seconds after the start. */
    private void pace(long start, long n) throws InterruptedException {
        long due = start + (long) (n * 1e9 / settings.ratePerSecond());
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long retryDelayMs(HttpResponse<?> answer, int attempts) {
        if (answer != null) {
            var retryAfter = answer.headers().firstValue("Retry-After");
            if (retryAfter.isPresent()) {
                try {
                    return Long.parseLong(retryAfter.get().trim()) * 1_000;
                } catch (NumberFormatException ignored) {
                    // a date instead of seconds: fall back to backing off
                }
            }
        }
        return Math.min(5_000, 100L << Math.min(attempts, 6));
    }

    private HttpRequest request(Delivery d) {
        if (d.kind == Delivery.Kind.PLACEMENT) {
            Story s = d.story;
            String body = "{\"orderId\":\"" + s.orderId() + "\",\"customerEmail\":\"" + s.customerEmail() + "\",\"amount\":" + s.amount()
                    + ",\"currency\":\"" + s.currency() + "\",\"items\":[{\"sku\":\"" + s.sku() + "\",\"quantity\":1}]}";
            return HttpRequest.newBuilder(URI.create(settings.ingestUrl() + "/orders")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Idempotency-Key", s.orderId())
                    .header("Authorization", Access.bearer(settings.shopToken()))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        }
        byte[] body = bodies.computeIfAbsent(d.id, id -> webhookBody(d));
        // every attempt is signed anew, as a processor signs each delivery with the time it is sent
        String secret = d.forged ? "whsec_not_the_endpoint_secret" : settings.stripeSecret();
        String signature = StripeSignature.sign(secret, Instant.now().getEpochSecond(), body);
        return HttpRequest.newBuilder(URI.create(settings.ingestUrl() + "/webhooks/stripe")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] webhookBody(Delivery d) {
        Story s = d.story;
        if (d.type.equals("charge.refunded")) {
            return StripeEventFactory.chargeRefundedEvent(d.eventId, d.transactionId, "re_" + d.transactionId, s.orderId(), s.amount(),
                    s.currency(), Instant.now());
        }
        return StripeEventFactory.paymentIntentEvent(d.eventId, d.type, d.transactionId, s.orderId(), s.amount(), s.currency(), Instant.now());
    }

    /** Records a final answer and releases what waited for it; what followed a failure is never sent and recorded so. */
    private static final class Finisher {
        private final SimulationRecord record;
        private final LinkedBlockingQueue<Delivery> ready;
        private final ScheduledExecutorService timer;
        private final AtomicInteger remaining;
        private final AtomicInteger asExpected;
        private final AtomicInteger unexpected;
        private final AnswerListener listener;

        Finisher(SimulationRecord record, LinkedBlockingQueue<Delivery> ready, ScheduledExecutorService timer,
                 AtomicInteger remaining, AtomicInteger asExpected, AtomicInteger unexpected, AnswerListener listener) {
            this.record = record;
            this.ready = ready;
            this.timer = timer;
            this.remaining = remaining;
            this.asExpected = asExpected;
            this.unexpected = unexpected;
            this.listener = listener;
        }

        void finish(Delivery d) {
            (d.status == d.expectedStatus() ? asExpected : unexpected).incrementAndGet();
            record.delivery(d);
            listener.answered(d.story, d.type, d.transactionId, d.status, System.nanoTime());
            for (Delivery dependent : d.dependents) {
                if (!d.accepted()) {
                    finish(dependent);   // status 0: never sent
                } else if (dependent.delayMs > 0) {
                    timer.schedule(() -> ready.add(dependent), dependent.delayMs, TimeUnit.MILLISECONDS);
                } else {
                    ready.add(dependent);
                }
            }
            remaining.decrementAndGet();
        }
    }

    /** Simulator threads never keep a JVM alive: a test or command that is done is done. */
    private static Thread daemon(Runnable work) {
        var thread = new Thread(work, "simulator");
        thread.setDaemon(true);
        return thread;
    }
}
