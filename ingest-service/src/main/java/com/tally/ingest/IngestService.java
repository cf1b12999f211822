package com.tally.ingest;

import com.tally.ingest.reconciliation.ReportUpload;
import com.tally.ingest.reconciliation.SettlementAppender;
import com.tally.ingest.standard.StandardWebhooksProvider;
import com.tally.ingest.stripe.StripeProvider;
import com.tally.ingest.warehouse.WarehouseCallbacks;
import com.tally.platform.OpsEndpoints;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.ServiceMetrics;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import com.tally.schemas.Topics;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ingest-service: the one place that hears from payment processors and the warehouse. A 2xx
 * means the webhook is durably in Kafka; everything after that is asynchronous.
 */
public final class IngestService implements TallyService {

    /** Stripe's documented tolerance for the signed timestamp; Standard Webhooks use the same five minutes. */
    static final Duration SIGNATURE_TOLERANCE = Duration.ofSeconds(300);

    private final IngestConfig config;
    private final Clock clock;
    private KafkaAppender appender;
    private RejectionRecorder rejections;
    private Javalin http;

    public IngestService(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static void main(String[] args) {
        var service = new IngestService(IngestConfig.fromEnv(System.getenv()), Clock.systemUTC());
        TopicProvisioner.provision(service.config.kafka(), TopicProvisioner.tallyTopics(List.of()));
        ServiceLauncher.runUntilStopped(ServiceLauncher.startAll(List.of(service)));
    }

    @Override
    public String name() {
        return "ingest-service";
    }

    @Override
    public void start() {
        var registry = ServiceMetrics.registry(name());
        appender = new KafkaAppender(config.kafka(), config.ackTimeout(), config.maxInFlight(), registry);
        appender.warmUp(Topics.WEBHOOKS);
        if (config.providers().contains(IngestConfig.WAREHOUSE)) {
            appender.warmUp(Topics.FULFILLMENT_CALLBACKS);
        }
        appender.warmUp(Topics.WEBHOOKS_REJECTED);
        appender.warmUp(Topics.ORDERS_PLACED);
        appender.warmUp(Topics.ALERTS);
        appender.warmUp(Topics.SETTLEMENTS);
        var answers = new AnswerOnAck(Math.max(1, config.ackTimeout().toSeconds()));
        var providers = providers();
        rejections = new RejectionRecorder(appender, answers, clock, registry,
                providers.stream().map(WebhookProvider::name).collect(Collectors.toSet()), config.trustedProxies(),
                new RejectionBudget(RejectionBudget.Limits.DEFAULT));
        rejections.start();
        var routes = new IngestRoutes(
                new WebhookHandler(new WebhookIntake(providers, appender, answers, rejections, config.maxBodyBytes(), clock, registry)),
                new OrderPlacement(appender, answers, clock),
                new ReportUpload(IngestConfig.PAYMENT_PROVIDERS, new SettlementAppender(config.kafka()), config.reconciliationMaxBytes(),
                        config.kafka().stateDir().resolve("reconciliation-uploads")),
                new OpsEndpoints(name(), appender.readiness(), registry, config.access()),
                config.access());
        http = Javalin.create(javalin -> {
            config.server().applyTo(javalin);
            routes.install(javalin);
            // every answer is a few dozen bytes: compressing costs more than it saves
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
        });
        http.start(config.port());
    }

    private List<WebhookProvider> providers() {
        var providers = new ArrayList<WebhookProvider>();
        if (config.providers().contains(IngestConfig.STRIPE)) {
            providers.add(new StripeProvider(config.stripeSecrets(), SIGNATURE_TOLERANCE, clock));
        }
        if (config.providers().contains(IngestConfig.STANDARD)) {
            providers.add(StandardWebhooksProvider.payments(config.standardSecrets(), SIGNATURE_TOLERANCE, clock));
        }
        if (config.providers().contains(IngestConfig.WAREHOUSE)) {
            providers.add(WarehouseCallbacks.provider(config.warehouseSecrets(), SIGNATURE_TOLERANCE, clock));
        }
        return providers;
    }

    @Override
    public String url() {
        return "http://localhost:" + (http == null ? config.port() : http.port());
    }

    /**
     * Graceful stop (SIGTERM): new requests are answered 503, every append in flight gets its
     * ack and its answer, then the HTTP server stops and the producer flushes and closes. So no
     * webhook that was answered 2xx can be missing from Kafka. Before that, the summaries of the
     * rejections counted in the open window are written, so none goes unrecorded.
     */
    @Override
    public void close() {
        if (rejections != null) {
            // the open window's summaries go in while the appender still takes records, and drain() waits for them too
            rejections.close();
        }
        if (appender != null) {
            appender.drain();
        }
        if (http != null) {
            http.stop();
        }
        if (appender != null) {
            appender.close();
        }
    }
}
