package com.tally.ingest;

import com.tally.ingest.stripe.StripeSignature;
import com.tally.platform.OpsEndpoints;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.ServiceMetrics;
import com.tally.platform.TallyService;
import com.tally.platform.TopicProvisioner;
import com.tally.schemas.Topics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * ingest-service: the one place that talks to payment processors. A 2xx means the webhook is
 * durably in Kafka; everything after that is asynchronous.
 */
public final class IngestService implements TallyService {

    /** Stripe's documented tolerance for the signed timestamp. */
    static final Duration SIGNATURE_TOLERANCE = Duration.ofSeconds(300);

    private final IngestConfig config;
    private final Clock clock;
    private KafkaAppender appender;
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
        appender = new KafkaAppender(config.kafka(), config.ackTimeout(), registry);
        appender.warmUp(Topics.WEBHOOKS);
        appender.warmUp(Topics.WEBHOOKS_REJECTED);
        appender.warmUp(Topics.ORDERS_PLACED);
        var answers = new AnswerOnAck(Math.max(1, config.ackTimeout().toSeconds()));
        var rejections = new RejectionRecorder(appender, clock);
        var webhooks = new WebhookIntake(appender, answers, rejections,
                new StripeSignature(config.stripeSecrets(), SIGNATURE_TOLERANCE, clock), config.maxBodyBytes(), clock);
        var orders = new OrderPlacement(appender, answers, clock);
        var ops = new OpsEndpoints(name(), appender.readiness(), registry);
        http = Javalin.create(javalin -> {
            ops.install(javalin);
            // the limit is checked by the handler so an oversized webhook is answered 413 and recorded
            javalin.http.maxRequestSize = Math.max(config.maxBodyBytes() * 4L, 1_048_576L);
            javalin.routes.post("/webhooks/{provider}", webhooks::receive);
            javalin.routes.post("/orders", orders::place);
        });
        http.start(config.port());
    }

    @Override
    public String url() {
        return "http://localhost:" + (http == null ? config.port() : http.port());
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();   // finishes in-flight requests first, so each gets its answer
        }
        if (appender != null) {
            appender.close();
        }
    }
}
