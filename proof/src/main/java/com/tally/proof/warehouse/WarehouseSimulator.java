package com.tally.proof.warehouse;

import com.tally.ingest.IngestConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.TallyService;
import com.tally.proof.outside.DaemonThreads;
import com.tally.proof.outside.HeldAnswers;
import com.tally.proof.outside.ModeEndpoints;
import com.tally.proof.outside.ModeSwitch;
import com.tally.proof.outside.ReopenableListener;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warehouse for Tally to call: serves the contract of docs/WAREHOUSE.md at {@code POST
 * /shipments}, keeps one shipment per Idempotency-Key, counts every call, fails on demand
 * ({@link WarehouseMode}), and reports each shipment's progress to ingest as a real warehouse
 * would ({@link ShipmentCallbacks}). Everything lives in memory: a restarted simulator is a new
 * warehouse that remembers nothing.
 *
 * <p>Routes: {@code POST /shipments}; {@code GET /warehouse/shipments} (totals) and
 * {@code ?orderId=} (one order); {@code GET|POST /warehouse/mode}; {@code POST /warehouse/release}.
 * The warehouse's own endpoints need no token: it stands for a system outside Tally, on a
 * developer's machine or in a test.
 */
public final class WarehouseSimulator implements TallyService {

    /** The sandbox's warehouse port. */
    public static final int DEFAULT_PORT = 8091;
    public static final String SHIPMENTS_PATH = "/shipments";
    /** What the sandbox sets TALLY_FULFILLMENT_URL to when the caller sets nothing. */
    public static final String SANDBOX_FULFILLMENT_URL = "http://localhost:" + DEFAULT_PORT + SHIPMENTS_PATH;
    /**
     * The sandbox's warehouse callback secret (whsec_ + base64), which ingest's warehouse
     * provider must share (TALLY_WAREHOUSE_WEBHOOK_SECRET).
     */
    public static final String WAREHOUSE_SECRET = "whsec_dGFsbHktc2FuZGJveC13YXJlaG91c2UtY2FsbGJhY2tz";
    public static final String CALLBACK_PATH = "/webhooks/warehouse";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on an answer given again to a repeated Idempotency-Key, as payment APIs do, so a caller can tell. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(WarehouseSimulator.class);

    private final Builder settings;
    private final Clock clock;
    private final ShipmentLedger ledger = new ShipmentLedger();
    private final HeldAnswers held = new HeldAnswers();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("warehouse-scheduler"));
    private final ExecutorService callbackThreads = Executors.newFixedThreadPool(2, DaemonThreads.named("warehouse-callbacks"));
    private final ShipmentCallbacks callbacks;
    private final ReopenableListener listener = new ReopenableListener("warehouse simulator", "--warehouse-port", this::routes);
    private final ModeSwitch<WarehouseMode> modes;
    private final ModeEndpoints<WarehouseMode> modeEndpoints;
    private int port;

    private WarehouseSimulator(Builder settings) {
        this.settings = settings;
        this.clock = settings.clock;
        this.modes = new ModeSwitch<>("warehouse simulator", WarehouseMode.up(), listener, held, scheduler, this::now);
        this.modeEndpoints = new ModeEndpoints<>(modes, "/warehouse", "{\"mode\": \"flaky\", \"percent\": 30}", WarehouseMode::parse,
                WarehouseMode.USAGE, Map.of("seed", settings.seed));
        this.port = settings.port;
        this.callbacks = settings.ingestUrl == null ? null
                : new ShipmentCallbacks(URI.create(settings.ingestUrl.replaceAll("/+$", "") + CALLBACK_PATH), settings.secret,
                        settings.shippedAfter, settings.deliveredAfter, settings.callbackRetryBase, settings.callbackRetryMax, clock,
                        scheduler, callbackThreads);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL a dispatcher calls: what TALLY_FULFILLMENT_URL is set to for a warehouse on this port. */
    public static String shipmentsUrl(int port) {
        return "http://localhost:" + port + SHIPMENTS_PATH;
    }

    @Override
    public String name() {
        return "warehouse-simulator";
    }

    @Override
    public void start() {
        port = listener.start(settings.port);
        log.info("warehouse simulator on port {}; callbacks {}", port, callbacks == null ? "off (no ingest URL)" : "to " + callbackUrl());
    }

    private void routes(JavalinConfig javalin) {
        javalin.routes.post(SHIPMENTS_PATH, this::ship);
        javalin.routes.get("/warehouse/shipments", this::shipments);
        modeEndpoints.addTo(javalin);
    }

    @Override
    public String url() {
        return "http://localhost:" + port;
    }

    public String shipmentsUrl() {
        return shipmentsUrl(port);
    }

    /** Where the callbacks go; null when the simulator sends none. */
    public String callbackUrl() {
        return callbacks == null ? null : callbacks.endpoint().toString();
    }

    public int port() {
        return port;
    }

    public long seed() {
        return settings.seed;
    }

    public WarehouseMode mode() {
        return modes.current();
    }

    /**
     * Switches the mode. Leaving hold lets every held answer go; going down closes the listener
     * (new connections are refused, open ones are closed) and drops the held answers unanswered,
     * as a crashed warehouse would; coming up from down opens it again on the same port. A down
     * with a duration comes back up by itself.
     */
    public void mode(WarehouseMode next) {
        modes.to(next);
    }

    /** Lets every answer held at this moment go. @return how many there were */
    public int release() {
        return held.release();
    }

    /** How many answers are held right now: a test waits for its call to be held before it acts. */
    public int held() {
        return held.waiting();
    }

    public WarehouseSummary summary() {
        return ledger.summary(callbacks != null);
    }

    public OrderShipments shipments(String orderId) {
        return ledger.order(orderId);
    }

    // POST /shipments

    private void ship(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        var problems = new ArrayList<String>();
        ShipmentRequest request = null;
        try {
            request = TallyJson.mapper().readValue(ctx.bodyAsBytes(), ShipmentRequest.class);
            if (request == null) {
                problems.add("the body is empty: send the request as JSON, see docs/WAREHOUSE.md");
            } else {
                problems.addAll(request.problems());
            }
        } catch (IOException e) {
            problems.add("the body is not a shipment request in JSON: send {\"requestId\", \"orderId\", \"attempt\", \"items\": [{\"sku\", \"quantity\"}]}");
        }
        if (key == null || key.isBlank()) {
            problems.add("send the header " + IDEMPOTENCY_KEY + ": <requestId>, so a repeated request makes no second shipment");
        }
        if (!problems.isEmpty()) {
            ledger.called(key, null);
            reply(ctx, null, Answer.refused(400, String.join("; ", problems)), false);
            return;
        }
        int callNumber = ledger.called(key, request);
        WarehouseMode now = modes.current();
        if (now instanceof WarehouseMode.Flaky flaky && flaky.fails(settings.seed, key, callNumber)) {
            reply(ctx, request, Answer.refused(503, "the warehouse failed on this request (simulated: flaky mode, " + flaky.percent()
                    + " % of calls): send it again"), false);
            return;
        }
        switch (ledger.claim(key)) {
            case IN_PROGRESS -> reply(ctx, request, Answer.refused(409, "a request with " + IDEMPOTENCY_KEY + " " + key
                    + " is still being processed: send it again later"), false);
            case ANSWERED -> {
                if (waitAsModeSays(now)) {
                    reply(ctx, request, ledger.answerFor(key), true);
                } else {
                    reply(ctx, request, wentDown(), false);
                }
            }
            case NEW -> {
                if (waitAsModeSays(now)) {
                    reply(ctx, request, answerNew(key, request, now), false);
                } else {
                    ledger.abandon(key);
                    reply(ctx, request, wentDown(), false);
                }
            }
        }
    }

    /** The slow mode's delay, the hold mode's wait; false when the warehouse went down meanwhile. */
    private boolean waitAsModeSays(WarehouseMode now) {
        if (now instanceof WarehouseMode.Slow slow) {
            try {
                Thread.sleep(slow.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } else if (now instanceof WarehouseMode.Hold hold) {
            return held.await(hold.timeout()) == HeldAnswers.Outcome.RELEASED;
        }
        return true;
    }

    private Answer answerNew(String key, ShipmentRequest request, WarehouseMode now) {
        if (now instanceof WarehouseMode.Reject reject && request.holdsAny(reject.skus())) {
            var refused = new TreeSet<String>();
            request.items().stream().map(ShipmentRequest.Item::sku).filter(reject.skus()::contains).forEach(refused::add);
            var answer = Answer.refused(422, "the warehouse cannot ship " + String.join(", ", refused)
                    + ": not stocked (simulated: reject mode); the order cannot be fulfilled as placed");
            ledger.keep(key, answer);
            return answer;
        }
        Shipment shipment = ledger.ship(key, request, now());
        if (callbacks != null) {
            callbacks.follow(shipment);
        }
        return Answer.shipped(shipment);
    }

    private static Answer wentDown() {
        return Answer.refused(503, "the warehouse went down before answering: send the request again");
    }

    private void reply(Context ctx, ShipmentRequest request, Answer answer, boolean replayed) {
        ledger.answered(request, answer.status());
        if (replayed) {
            ctx.header(REPLAYED, "true");
        }
        ctx.status(answer.status()).json(answer.body());
    }

    // GET /warehouse/shipments[?orderId=]

    private void shipments(Context ctx) {
        String orderId = ctx.queryParam("orderId");
        if (orderId == null) {
            ctx.json(ledger.summary(callbacks != null));
        } else if (orderId.isBlank()) {
            ctx.status(400).json(Map.of("reason", "orderId is empty: GET /warehouse/shipments?orderId=<order ID>, or no orderId for the totals"));
        } else {
            ctx.json(ledger.order(orderId));
        }
    }

    /** Stops serving; held answers are dropped and callbacks not yet sent are never sent. */
    @Override
    public void close() {
        if (!modes.close()) {
            return;
        }
        listener.stop();
        scheduler.shutdownNow();
        callbackThreads.shutdownNow();
    }

    /** In milliseconds, as the callbacks carry times: a shipment's times read the same in its answers and its callbacks. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The simulator's settings; every one has a default, so a test names only what it cares about. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String ingestUrl;
        private String secret = WAREHOUSE_SECRET;
        private Duration shippedAfter = Duration.ofSeconds(5);
        private Duration deliveredAfter = Duration.ofSeconds(10);
        private Duration callbackRetryBase = Duration.ofMillis(500);
        private Duration callbackRetryMax = Duration.ofSeconds(30);
        private long seed = System.nanoTime();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** 0: any free port (tests); read it back with {@link WarehouseSimulator#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where ingest answers, e.g. {@code http://localhost:8080}; without one the warehouse sends no callbacks. */
        public Builder ingestUrl(String ingestUrl) {
            this.ingestUrl = ingestUrl;
            return this;
        }

        /**
         * Signs with the secret ingest checks warehouse callbacks with in {@code environment} (the first,
         * while a rotation lists several), or with {@link #WAREHOUSE_SECRET} when it names none.
         */
        public Builder secretOf(Map<String, String> environment) {
            String secrets = environment.getOrDefault(IngestConfig.WAREHOUSE_WEBHOOK_SECRET, WAREHOUSE_SECRET);
            return secret(secrets.split(",")[0].trim());
        }

        /** The Standard Webhooks secret ({@code whsec_<base64>}) the callbacks are signed with. */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** A shipment ships this long after it was accepted, and is delivered {@code delivered} after that. */
        public Builder delays(Duration shipped, Duration delivered) {
            this.shippedAfter = nonNegative(shipped, "shipped");
            this.deliveredAfter = nonNegative(delivered, "delivered");
            return this;
        }

        /** A callback that failed waits {@code base}, doubling with each failure up to {@code max}, before it is sent again. */
        public Builder callbackRetry(Duration base, Duration max) {
            this.callbackRetryBase = nonNegative(base, "base");
            this.callbackRetryMax = nonNegative(max, "max");
            return this;
        }

        /** Which calls the flaky mode fails; the same seed fails the same calls. Unset: a new seed each run, shown in the mode's answer. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public WarehouseSimulator build() {
            return new WarehouseSimulator(this);
        }

        private static Duration nonNegative(Duration duration, String name) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be a duration of zero or more");
            }
            return duration;
        }
    }
}
