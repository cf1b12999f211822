package com.tally.proof.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.platform.TallyJson;
import com.tally.platform.TallyService;
import com.tally.proof.outside.DaemonThreads;
import com.tally.proof.outside.HeldAnswers;
import com.tally.proof.outside.ModeEndpoints;
import com.tally.proof.outside.ModeSwitch;
import com.tally.proof.outside.ReopenableListener;
import com.tally.proof.sim.KnownCharges;
import com.tally.proof.stack.StackEnvironment;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A payment processor for Tally's refund dispatcher to call: serves Stripe's {@code POST
 * /v1/refunds} (form-encoded, bearer key, Idempotency-Key kept as Stripe keeps it), refunds only
 * charges it knows ({@code POST /processor/charges}), counts every call and every refund per
 * refund ID, fails on demand ({@link ProcessorMode}), and tells ingest of each refund with a
 * signed {@code charge.refunded} webhook, as Stripe would. Everything lives in memory: a
 * restarted simulator is a new processor that remembers nothing.
 *
 * <p>Routes: {@code POST /v1/refunds}; {@code GET|POST /processor/charges}; {@code GET
 * /processor/refunds} (totals) and {@code ?orderId=} (one order); {@code GET|POST
 * /processor/mode}; {@code POST /processor/release}. The processor's own endpoints need no
 * token: it stands for a system outside Tally, on a developer's machine or in a test.
 */
public final class ProcessorSimulator implements TallyService {

    /** The sandbox's processor port. */
    public static final int DEFAULT_PORT = 8092;
    /** The key the sandbox's dispatcher calls with (TALLY_PROCESSOR_API_KEY) when the caller sets none. */
    public static final String SANDBOX_API_KEY = "sk_test_tally_sandbox_not_for_production";
    public static final String REFUNDS_PATH = "/v1/refunds";
    public static final String WEBHOOK_PATH = "/webhooks/stripe";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on an answer given again to a repeated Idempotency-Key, as Stripe does, so a caller can tell. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(ProcessorSimulator.class);

    private final Builder settings;
    private final Clock clock;
    private final RefundLedger ledger = new RefundLedger();
    private final HeldAnswers held = new HeldAnswers();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("processor-scheduler"));
    private final ExecutorService webhookThreads = Executors.newFixedThreadPool(2, DaemonThreads.named("processor-webhooks"));
    private final RefundWebhooks webhooks;
    private final ReopenableListener listener = new ReopenableListener("processor simulator", "--processor-port", this::routes);
    private final ModeSwitch<ProcessorMode> modes;
    private final ModeEndpoints<ProcessorMode> modeEndpoints;
    private int port;

    private ProcessorSimulator(Builder settings) {
        this.settings = settings;
        this.clock = settings.clock;
        this.modes = new ModeSwitch<>("processor simulator", ProcessorMode.up(), listener, held, scheduler, clock::instant);
        this.modeEndpoints = new ModeEndpoints<>(modes, "/processor", "{\"mode\": \"fail\", \"status\": 503}", ProcessorMode::parse,
                ProcessorMode.USAGE, Map.of());
        this.port = settings.port;
        this.webhooks = settings.ingestUrl == null ? null
                : new RefundWebhooks(URI.create(settings.ingestUrl.replaceAll("/+$", "") + WEBHOOK_PATH), settings.stripeSecret,
                        settings.refundedAfter, settings.webhookRetryBase, settings.webhookRetryMax, clock, scheduler, webhookThreads);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What TALLY_PROCESSOR_API_URL is set to for a processor on this port (the dispatcher appends /v1/refunds). */
    public static String apiUrl(int port) {
        return "http://localhost:" + port;
    }

    @Override
    public String name() {
        return "processor-simulator";
    }

    @Override
    public void start() {
        port = listener.start(settings.port);
        log.info("processor simulator on port {}; webhooks {}", port, webhooks == null ? "off (no ingest URL)" : "to " + webhookUrl());
    }

    private void routes(JavalinConfig javalin) {
        javalin.routes.post(REFUNDS_PATH, this::refund);
        javalin.routes.get("/processor/charges", this::showCharges);
        javalin.routes.post("/processor/charges", this::registerCharges);
        javalin.routes.get("/processor/refunds", this::refunds);
        modeEndpoints.addTo(javalin);
    }

    /** The API root: what TALLY_PROCESSOR_API_URL is set to. */
    @Override
    public String url() {
        return apiUrl(port);
    }

    /** Where the webhooks go; null when the simulator sends none. */
    public String webhookUrl() {
        return webhooks == null ? null : webhooks.endpoint().toString();
    }

    public int port() {
        return port;
    }

    public ProcessorMode mode() {
        return modes.current();
    }

    /**
     * Switches the mode. Leaving hold lets every held answer go; going down closes the listener
     * (new connections are refused, open ones are closed) and drops the held answers unanswered,
     * their refunds made all the same, as a processor that crashed after doing the work would;
     * coming up from down opens it again on the same port. A down with a duration comes back up
     * by itself.
     */
    public void mode(ProcessorMode next) {
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

    public ProcessorSummary summary() {
        return ledger.summary();
    }

    public OrderRefunds refunds(String orderId) {
        return ledger.order(orderId);
    }

    /** Every call to {@code POST /v1/refunds} that carried this Idempotency-Key, whatever its answer. */
    public long callsWithKey(String key) {
        return ledger.callsWithKey(key);
    }

    /**
     * Records a payment the processor took, so it can be refunded; the same charge again changes
     * nothing. {@code simulate}, {@code send-webhook} and tests call it before they send the
     * charge's {@code payment_intent.succeeded}.
     *
     * @throws IllegalArgumentException when the figures are not a charge, or the payment intent was charged with other figures
     */
    public Charge charge(String paymentIntent, String orderId, long amountMinor, String currency) {
        var problems = Charge.problems(paymentIntent, orderId, amountMinor, currency);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            return ledger.charge(List.of(new Charge(paymentIntent, orderId, amountMinor, currency, 0))).get(0);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The charges a simulated run makes, told to this processor in this JVM so it can refund them. */
    public KnownCharges knownCharges() {
        return charges -> charges.forEach(c -> charge(c.paymentIntent(), c.orderId(), c.amount(), c.currency()));
    }

    /** The charge of a payment intent, with what was refunded of it; null when the processor made none. */
    public Charge chargeOf(String paymentIntent) {
        return ledger.chargeOf(paymentIntent);
    }

    // POST /v1/refunds

    private void refund(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        key = key == null || key.isBlank() ? null : key;
        var form = RefundForm.parse(ctx.body());
        ledger.called(key, form);
        // Stripe's order: who calls, whether it can answer at all, whether the form makes sense, then the key
        String unauthorized = unauthorized(ctx.header("Authorization"));
        if (unauthorized != null) {
            reply(ctx, form, StripeAnswer.invalid(401, null, unauthorized), false);
            return;
        }
        ProcessorMode now = modes.current();
        if (now instanceof ProcessorMode.Fail fail) {
            reply(ctx, form, failed(fail.status()), false);
            return;
        }
        var problems = form.problems();
        if (!problems.isEmpty()) {
            reply(ctx, form, StripeAnswer.invalid(400, "parameter_invalid", String.join("; ", problems)), false);
            return;
        }
        switch (ledger.claim(key, form)) {
            case IN_PROGRESS -> reply(ctx, form, StripeAnswer.error(409, "idempotency_error", "idempotency_key_in_use",
                    "There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice,"
                            + " and the other request is still going through): " + key + ". Please try again later."), false);
            case OTHER_PARAMETERS -> reply(ctx, form, StripeAnswer.error(400, "idempotency_error", null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key"
                            + " other than '" + key + "' if you meant to execute a different request."), false);
            case ANSWERED -> reply(ctx, form, ledger.answerFor(key), true);
            case NEW -> reply(ctx, form, answerNew(key, form, now), false);
        }
    }

    /** Who is calling: null for the processor's key, else Stripe's message for a missing or wrong one. */
    private String unauthorized(String authorization) {
        String given = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).trim();
        } else if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                // Stripe's basic auth: the key as the user, no password
                String user = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                given = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
            } catch (IllegalArgumentException e) {
                given = "";
            }
        }
        if (given == null || given.isEmpty()) {
            return "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth"
                    + " (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
        }
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), settings.apiKey.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return "Invalid API Key provided: " + masked(given);
    }

    /** All but the last four characters starred, as Stripe shows a key it refused. */
    static String masked(String key) {
        int shown = key.length() > 4 ? 4 : 0;
        return "*".repeat(key.length() - shown) + key.substring(key.length() - shown);
    }

    private static StripeAnswer failed(int status) {
        if (status == 429) {
            return StripeAnswer.error(429, "invalid_request_error", "rate_limit",
                    "Too many requests hit the API too quickly (simulated: fail mode). Retry with exponential backoff.");
        }
        return StripeAnswer.error(status, "api_error", null, "Something went wrong on Stripe's end (simulated: fail mode, " + status
                + "); nothing was done: send the request again with the same Idempotency-Key");
    }

    /** The first answer to a key (or to a call without one): made at once, and in hold mode given only once let go. */
    private StripeAnswer answerNew(String key, RefundForm form, ProcessorMode now) {
        StripeAnswer answer;
        if (now instanceof ProcessorMode.Refuse refuse) {
            answer = StripeAnswer.invalid(refuse.status(), "balance_insufficient", refuse.message());
            ledger.keep(key, answer);
        } else {
            var outcome = ledger.refund(key, form, clock.instant().truncatedTo(ChronoUnit.SECONDS), webhooks != null);
            answer = outcome.answer();
            if (outcome.refund() != null && webhooks != null) {
                webhooks.announce(outcome.refund());
            }
        }
        boolean letGo = !(now instanceof ProcessorMode.Hold hold) || held.await(hold.timeout()) == HeldAnswers.Outcome.RELEASED;
        ledger.finish(key);
        return letGo ? answer : StripeAnswer.error(503, "api_error", null, "The processor went down before answering (simulated): send the"
                + " request again with the same Idempotency-Key to get its answer");
    }

    private void reply(Context ctx, RefundForm form, StripeAnswer answer, boolean replayed) {
        ledger.answered(form, answer.status());
        if (replayed) {
            ctx.header(REPLAYED, "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }

    // GET|POST /processor/charges

    private void showCharges(Context ctx) {
        String paymentIntent = ctx.queryParam("paymentIntent");
        if (paymentIntent == null) {
            ctx.json(Map.of("charges", ledger.charges()));
        } else if (paymentIntent.isBlank()) {
            ctx.status(400).json(reason("paymentIntent is empty: GET /processor/charges?paymentIntent=<pi_…>, or no paymentIntent for every charge"));
        } else {
            Charge charge = ledger.chargeOf(paymentIntent);
            if (charge == null) {
                ctx.status(404).json(reason("the processor made no charge " + paymentIntent + ": register it with POST /processor/charges"));
            } else {
                ctx.json(charge);
            }
        }
    }

    private void registerCharges(Context ctx) {
        JsonNode json;
        try {
            json = TallyJson.mapper().readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !(json.isObject() || json.isArray())) {
            ctx.status(400).json(reason("the body is not a charge in JSON: send {\"paymentIntent\", \"orderId\", \"amount\", \"currency\"},"
                    + " or an array of them"));
            return;
        }
        var asked = new ArrayList<Charge>();
        var problems = new ArrayList<String>();
        var items = new ArrayList<JsonNode>();
        if (json.isArray()) {
            json.forEach(items::add);
        } else {
            items.add(json);
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String paymentIntent = text(item, "paymentIntent");
            String orderId = text(item, "orderId");
            JsonNode amountNode = item.path("amount");
            Long amount = amountNode.isIntegralNumber() && amountNode.canConvertToLong() ? amountNode.asLong() : null;
            String currency = text(item, "currency");
            String label = json.isArray() ? "charge " + (i + 1) + ": " : "";
            var itsProblems = Charge.problems(paymentIntent, orderId, amount, currency);
            if (itsProblems.isEmpty()) {
                asked.add(new Charge(paymentIntent, orderId, amount, currency, 0));
            }
            itsProblems.forEach(problem -> problems.add(label + problem));
        }
        if (items.isEmpty()) {
            problems.add("the array is empty: send at least one charge");
        }
        if (!problems.isEmpty()) {
            ctx.status(400).json(Map.of("reason", String.join("; ", problems), "problems", problems));
            return;
        }
        try {
            ctx.status(201).json(Map.of("charges", ledger.charge(asked)));
        } catch (IllegalStateException e) {
            ctx.status(409).json(reason(e.getMessage()));
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    // GET /processor/refunds[?orderId=]

    private void refunds(Context ctx) {
        String orderId = ctx.queryParam("orderId");
        if (orderId == null) {
            ctx.json(ledger.summary());
        } else if (orderId.isBlank()) {
            ctx.status(400).json(reason("orderId is empty: GET /processor/refunds?orderId=<order ID>, or no orderId for the totals"));
        } else {
            ctx.json(ledger.order(orderId));
        }
    }

    private static Map<String, String> reason(String reason) {
        return Map.of("reason", reason);
    }

    /** Stops serving; held answers are dropped and webhooks not yet delivered are never sent. */
    @Override
    public void close() {
        if (!modes.close()) {
            return;
        }
        listener.stop();
        scheduler.shutdownNow();
        webhookThreads.shutdownNow();
    }

    /** The simulator's settings; every one has a default, so a test names only what it cares about. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String ingestUrl;
        private String stripeSecret = StackEnvironment.DEFAULT_STRIPE_SECRET;
        private String apiKey = SANDBOX_API_KEY;
        private Duration refundedAfter = Duration.ofSeconds(2);
        private Duration webhookRetryBase = Duration.ofMillis(500);
        private Duration webhookRetryMax = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** 0: any free port (tests); read it back with {@link ProcessorSimulator#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where ingest answers, e.g. {@code http://localhost:8080}; without one the processor sends no webhooks. */
        public Builder ingestUrl(String ingestUrl) {
            this.ingestUrl = ingestUrl;
            return this;
        }

        /** The Stripe endpoint secret ({@code whsec_…}) the webhooks are signed with. */
        public Builder stripeSecret(String secret) {
            this.stripeSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * Signs with the secret ingest checks Stripe webhooks with in {@code environment} (the
         * first, while a rotation lists several), or with the sandbox's when it names none.
         */
        public Builder secretOf(Map<String, String> environment) {
            String secrets = environment.getOrDefault(IngestConfig.STRIPE_WEBHOOK_SECRET, StackEnvironment.DEFAULT_STRIPE_SECRET);
            return stripeSecret(secrets.split(",")[0].trim());
        }

        /** The secret key a caller must present ({@code Authorization: Bearer <key>}). */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("the API key must not be empty");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Takes the key the dispatcher calls with in {@code environment} (TALLY_PROCESSOR_API_KEY), or {@link #SANDBOX_API_KEY}. */
        public Builder apiKeyOf(Map<String, String> environment) {
            String key = environment.get(RefundConfig.API_KEY);
            return apiKey(key == null || key.isBlank() ? SANDBOX_API_KEY : key.trim());
        }

        /** A refund's {@code charge.refunded} webhook leaves this long after the refund was made. */
        public Builder refundedAfter(Duration after) {
            this.refundedAfter = nonNegative(after, "refundedAfter");
            return this;
        }

        /** A webhook that failed waits {@code base}, doubling with each failure up to {@code max}, before it is sent again. */
        public Builder webhookRetry(Duration base, Duration max) {
            this.webhookRetryBase = nonNegative(base, "base");
            this.webhookRetryMax = nonNegative(max, "max");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ProcessorSimulator build() {
            return new ProcessorSimulator(this);
        }

        private static Duration nonNegative(Duration duration, String name) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be a duration of zero or more");
            }
            return duration;
        }
    }
}
