package com.tally.notification;

import com.tally.platform.Readiness;
import com.tally.platform.dispatch.DispatchListener;
import com.tally.platform.dispatch.DispatchLoop;
import com.tally.platform.dispatch.DispatchSettings;
import com.tally.platform.dispatch.Outcome;
import com.tally.platform.dispatch.RetryInPlace;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.NotificationOutcome;
import com.tally.schemas.NotificationRequested;
import com.tally.schemas.NotificationResult;
import com.tally.schemas.Severity;
import com.tally.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every {@code NotificationRequested} on {@code notifications.requests} over SMTP and appends
 * its SENT or FAILED {@code NotificationResult} (keyed by order ID), plus an alert when it failed,
 * in the transaction that commits the request's offset ({@link DispatchLoop}).
 *
 * <p>Before each send it appends an ATTEMPTED result in a transaction of its own ({@link AttemptLog})
 * and waits for the commit; given a partition of requests, before the first of them, it reads the
 * results of its orders for attempts with no outcome ({@link ResultsHistory}). A send whose
 * notification has such an attempt, or follows a send that got no reply, may deliver a second
 * copy: its ATTEMPTED says
 * {@code inDoubtResend}, it keeps the Message-ID, and it counts in
 * {@code tally.notifications.in.doubt.resent}. No saga stands above it, so it retries in place
 * ({@link RetryInPlace}): no connection, a 4xx reply or no reply again after a backoff; a 5xx reply
 * fails the notification at once (one result, one {@code notification-rejected}); the retries spent,
 * one result and one {@code notification-failed}.
 */
public final class NotificationDispatcher implements AutoCloseable {

    /** The consumer group; its dead letters go to {@code notification-dispatcher.dlq}. */
    public static final String GROUP_ID = "notification-dispatcher";
    static final String ALERT_REJECTED = "notification-rejected";
    static final String ALERT_FAILED = "notification-failed";
    /** Each send first waits for its ATTEMPTED to commit: at most three blocking calls to Kafka. */
    private static final Duration ATTEMPT_RECORD_ALLOWANCE = AttemptLog.KAFKA_WAIT.multipliedBy(3);
    /** The loop waits this much longer than a notification's whole retry budget before it gives a batch up as stuck. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(5);
    private static final Duration RESTART_WAIT = Duration.ofSeconds(1);
    /** How long a close waits for the start to give up: opening the attempts' producer blocks about this long at most. */
    private static final Duration STARTER_STOP = AttemptLog.KAFKA_WAIT.multipliedBy(2);
    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    /** One send: its attempt number (the last one recorded when none could be) and what came of it. */
    record Send(int attempt, SendAnswer answer) {
    }

    private final NotificationConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AttemptLedger ledger = new AttemptLedger();
    private final DeliveryMetrics metrics;
    private final EmailRenderer renderer;
    private final SmtpSender sender;
    private final AttemptLog attempts;
    private final RetryInPlace<Send> retries;
    private final ExecutorService sends;
    private final DispatchLoop<NotificationRequested> loop;
    private final Thread starter;
    private final Clock clock = Clock.systemUTC();
    private final AvroSerde<NotificationResult> results = AvroSerde.of(NotificationResult.class);
    private final AvroSerde<Alert> alerts = AvroSerde.of(Alert.class);
    private volatile String starting = GROUP_ID + " has not started";

    public NotificationDispatcher(NotificationConfig config, MeterRegistry registry) {
        this.config = config;
        SmtpSettings smtp = config.smtp();
        this.metrics = new DeliveryMetrics(registry, ledger);
        this.renderer = EmailRenderer.of(config.email());
        this.sender = new SmtpSender(smtp);
        // a send's ATTEMPTED may wait behind the transaction under way; allowed for as if each in flight had its own
        Duration longestSend = smtp.longestSend().plus(ATTEMPT_RECORD_ALLOWANCE.multipliedBy(smtp.maxSendsInFlight()));
        Duration budget = smtp.retry().budget(longestSend);
        this.retries = new RetryInPlace<>(smtp.retry(), longestSend, budget, send -> send.answer().kind() == SendAnswer.Kind.RETRY,
                closed::get);
        this.sends = Executors.newFixedThreadPool(smtp.maxSendsInFlight(), runnable -> {
            var thread = new Thread(runnable, GROUP_ID + "-send");
            thread.setDaemon(true);
            return thread;
        });
        var requests = AvroSerde.of(NotificationRequested.class);
        var settings = new DispatchSettings(config.kafka(), GROUP_ID, Topics.NOTIFICATION_REQUESTS, config.instanceId(),
                smtp.maxSendsInFlight(), budget.plus(DEADLINE_MARGIN));
        this.loop = new DispatchLoop<>(settings, requests::decode, (key, request) -> handle(request), new RequestPartitions(requests),
                registry);
        this.attempts = new AttemptLog(config.kafka(), loop.transactionalId() + "-attempts");
        this.starter = new Thread(this::startUp, GROUP_ID + "-start");
    }

    /** Reads the results in the background, then starts the loop: not ready until then. */
    public synchronized void start() {
        if (starter.getState() == Thread.State.NEW && !closed.get()) {
            starter.start();
        }
    }

    public Readiness readiness() {
        return () -> loop.state() == DispatchLoop.State.STARTING && !closed.get() ? Readiness.Status.notReady(starting)
                : loop.readiness().check();
    }

    /** Stops reading and starts no further send; requests not committed are sent again, as in-doubt where a send was under way. */
    @Override
    public void close() {
        closed.set(true);
        starter.interrupt();
        try {
            starter.join(STARTER_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.close();
        sends.shutdownNow();
        attempts.close();
    }

    /** Opens the attempts' producer (fencing its predecessor's, which aborts what it left open), then starts the loop. */
    private void startUp() {
        while (!closed.get()) {
            try {
                starting = GROUP_ID + " is fencing its predecessor's transactions";
                attempts.open();
                loop.start();
                return;
            } catch (RuntimeException e) {
                starting = GROUP_ID + " could not start (" + e + "): it tries again";
                log.warn(starting);
                try {
                    Thread.sleep(RESTART_WAIT.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Keeps the ledger to the partitions of requests the loop reads. Given a partition, it reads
     * what the results say of its orders before the loop handles any of its requests; the loop has
     * by then fenced its own predecessor's transactions (with an instance ID), and the start fenced
     * the attempts' producer's, so the read waits for no transaction of theirs.
     */
    private final class RequestPartitions implements DispatchListener {

        private final AvroSerde<NotificationRequested> requests;

        RequestPartitions(AvroSerde<NotificationRequested> requests) {
            this.requests = requests;
        }

        @Override
        public void assigned(Collection<TopicPartition> partitions) {
            Set<Integer> owned = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            starting = GROUP_ID + " is reading " + Topics.NOTIFICATION_RESULTS + " for sends with no outcome";
            if (!ResultsHistory.read(config.kafka(), GROUP_ID + "-history", owned, ledger, closed::get)) {
                throw new IllegalStateException(GROUP_ID + " stopped while reading " + Topics.NOTIFICATION_RESULTS);
            }
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> ledger.forget(partition.partition()));
        }

        @Override
        public void committed(List<ConsumerRecord<byte[], byte[]>> inputs) {
            for (ConsumerRecord<byte[], byte[]> input : inputs) {
                try {
                    ledger.committed(requests.decode(input.value()).getNotificationId());
                } catch (RuntimeException notARequest) {
                    // a dead letter: nothing of it is in the ledger
                }
            }
        }
    }

    private CompletableFuture<List<Outcome>> handle(NotificationRequested request) {
        MimeMessage message;
        try {
            RenderedEmail email = renderer.render(content(request));
            message = sender.compose(MessageIds.of(request.getNotificationId()), config.email().from(), request.getRecipient(), email,
                    Date.from(request.getRequestedAt()));
        } catch (MessagingException e) {
            // the outbox sends only usable addresses: one that is not is a bug to look at, in the dead-letter topic
            throw new IllegalArgumentException("notification " + request.getNotificationId() + " cannot be made an e-mail: " + e.getMessage(), e);
        }
        return retries.run(request.getNotificationId(), n -> CompletableFuture.supplyAsync(() -> sendOnce(request, message), sends))
                .thenApply(attempted -> outcomes(request, attempted.answer(), clock.instant()));
    }

    private EmailContent content(NotificationRequested request) {
        var items = request.getItems().stream().map(item -> new EmailContent.Item(item.getSku(), item.getQuantity())).toList();
        return config.email().content(request.getKind(), request.getRecipient(), request.getOrderId(), request.getAmountMinor(),
                request.getCurrency(), items, request.getStatus());
    }

    private Send sendOnce(NotificationRequested request, MimeMessage message) {
        String id = request.getNotificationId();
        int attempt = ledger.nextAttempt(id);
        boolean inDoubt = ledger.nextIsInDoubt(id);
        try {
            attempts.append(attempted(request, attempt, inDoubt, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("{}: the attempt {} of {} could not be recorded, so it is not sent: {}", GROUP_ID, attempt, id, e.toString());
            return new Send(attempt - 1, SendAnswer.notRecorded(e));
        }
        ledger.attempted(id, ledger.partitionOf(request.getOrderId()), attempt, inDoubt);
        SendAnswer answer = sender.send(message);
        ledger.answered(id, attempt, answer.mayHaveDelivered());
        return new Send(attempt, answer);
    }

    /** The ATTEMPTED result appended before send {@code attempt} of the request; its event ID is derived, so a repeat derives the same. */
    static NotificationResult attempted(NotificationRequested request, int attempt, boolean inDoubtResend, Instant at) {
        return result(request, NotificationOutcome.ATTEMPTED, null, attempt, "attempt-" + attempt, at)
                .setInDoubtResend(inDoubtResend).build();
    }

    /** The result that ends the request, and the alert when it failed, as the loop appends them. */
    List<Outcome> outcomes(NotificationRequested request, Send send, Instant at) {
        NotificationResult result = result(request, send, at);
        var outcomes = new ArrayList<Outcome>(2);
        outcomes.add(new Outcome(Topics.NOTIFICATION_RESULTS, request.getOrderId(), results.encode(result),
                result.getOutcome() == NotificationOutcome.SENT ? "sent" : "failed"));
        Alert alert = alert(request, send, result);
        if (alert == null) {
            metrics.sent(request.getKind());
        } else {
            metrics.failed(send.answer().kind() == SendAnswer.Kind.REJECTED ? DeliveryMetrics.REJECTED : DeliveryMetrics.RETRIES_EXHAUSTED);
            outcomes.add(new Outcome(Topics.ALERTS, alert.getSubject(), alerts.encode(alert), "alert"));
        }
        return List.copyOf(outcomes);
    }

    static NotificationResult result(NotificationRequested request, Send send, Instant at) {
        SendAnswer answer = send.answer();
        return switch (answer.kind()) {
            case SENT -> result(request, NotificationOutcome.SENT, null, send.attempt(), "result", at).build();
            case REJECTED -> result(request, NotificationOutcome.FAILED, answer.detail(), send.attempt(), "result", at).build();
            case RETRY -> result(request, NotificationOutcome.FAILED, "not sent after " + send.attempt() + " attempt(s), the last: "
                    + answer.detail(), send.attempt(), "result", at).build();
        };
    }

    private static NotificationResult.Builder result(NotificationRequested request, NotificationOutcome outcome, String detail, int attempt,
                                                     String purpose, Instant at) {
        return NotificationResult.newBuilder()
                .setEventId(EventIds.derived(request.getEventId(), purpose))
                .setCauseEventId(request.getEventId())
                .setNotificationId(request.getNotificationId())
                .setOrderId(request.getOrderId())
                .setOutcome(outcome)
                .setDetail(detail)
                .setAt(at)
                .setAttempt(attempt)
                .setMessageId(MessageIds.of(request.getNotificationId()))
                .setInDoubtResend(false);
    }

    /** The alert for a person when the e-mail did not go out; null when it did. */
    static Alert alert(NotificationRequested request, Send send, NotificationResult result) {
        String what = "the " + request.getKind() + " e-mail of order " + request.getOrderId() + " to " + request.getRecipient()
                + " (notification " + request.getNotificationId() + ")";
        return switch (send.answer().kind()) {
            case SENT -> null;
            case REJECTED -> alert(result, ALERT_REJECTED, Severity.WARNING, what + " was refused for good: " + send.answer().detail()
                    + ". It is not sent again: check the address with the customer and tell them another way (docs/RUNBOOK.md).");
            case RETRY -> alert(result, ALERT_FAILED, Severity.CRITICAL, what + " was " + result.getDetail()
                    + ". Make the SMTP server reachable; this e-mail is not sent again by itself (docs/RUNBOOK.md).");
        };
    }

    private static Alert alert(NotificationResult result, String kind, Severity severity, String detail) {
        return Alert.newBuilder()
                .setEventId(EventIds.derived(result.getEventId(), "alert"))
                .setCauseEventId(result.getEventId())
                .setKind(kind)
                .setSeverity(severity)
                .setSubject(result.getOrderId())
                .setDetail(detail)
                .setAt(result.getAt())
                .build();
    }
}
