package com.tally.proof.stack;

import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.notification.NotificationConfig;
import com.tally.notification.SmtpSettings;
import com.tally.platform.Access;
import com.tally.platform.KafkaConfig;
import com.tally.proof.mail.MailServer;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment every service of a stack on one machine sees (the sandbox's single JVM and the
 * process stack's JVMs alike): the caller's, with the stack's defaults where it says nothing.
 */
public final class StackEnvironment {

    /** The sandbox's documented Stripe webhook secret; override with TALLY_STRIPE_WEBHOOK_SECRET. */
    public static final String DEFAULT_STRIPE_SECRET = "whsec_tally_sandbox_do_not_use_in_production";
    /** The sandbox's documented Standard Webhooks secret (whsec_ + base64); override with TALLY_STANDARD_WEBHOOK_SECRET. */
    public static final String DEFAULT_STANDARD_SECRET = "whsec_dGFsbHktc2FuZGJveC1zdGFuZGFyZC13ZWJob29rcw==";
    /**
     * The shop token of a stack whose caller sets no TALLY_SHOP_TOKENS: the tests', the crash
     * test's and the benchmarks' stacks, which live and die with the command. {@code ./tally run}
     * makes its own tokens instead, since its stack outlives the command and listens on fixed ports.
     */
    public static final String DEFAULT_SHOP_TOKEN = "tally-stack-shop-token-not-for-production";
    /** The operator token of such a stack; override with TALLY_OPERATOR_TOKENS. */
    public static final String DEFAULT_OPERATOR_TOKEN = "tally-stack-operator-token-not-for-production";

    /** Where the stack's needs-review e-mails go; override with TALLY_OPS_EMAIL. */
    public static final String DEFAULT_OPS_EMAIL = "ops@example.com";

    private StackEnvironment() {
    }

    public static Map<String, String> of(Map<String, String> callers, String bootstrapServers, Path stateDir) {
        var env = new HashMap<>(callers);
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        env.putIfAbsent(KafkaConfig.STATE_DIR, stateDir.toString());
        env.putIfAbsent(KafkaConfig.STANDBY_REPLICAS, "0");   // one instance of each app: no other instance to hold a standby
        env.putIfAbsent(IngestConfig.STRIPE_WEBHOOK_SECRET, DEFAULT_STRIPE_SECRET);
        env.putIfAbsent(IngestConfig.STANDARD_WEBHOOK_SECRET, DEFAULT_STANDARD_SECRET);
        // the stack's warehouse is the simulator, which signs its callbacks with its documented secret
        env.putIfAbsent(IngestConfig.PROVIDERS, String.join(",", IngestConfig.STRIPE, IngestConfig.STANDARD, IngestConfig.WAREHOUSE));
        env.putIfAbsent(IngestConfig.WAREHOUSE_WEBHOOK_SECRET, WarehouseSimulator.WAREHOUSE_SECRET);
        env.putIfAbsent(FulfillmentConfig.URL, WarehouseSimulator.SANDBOX_FULFILLMENT_URL);
        // and its payment processor the simulator too, which refunds with its documented key
        env.putIfAbsent(RefundConfig.API_URL, ProcessorSimulator.apiUrl(ProcessorSimulator.DEFAULT_PORT));
        env.putIfAbsent(RefundConfig.API_KEY, ProcessorSimulator.SANDBOX_API_KEY);
        // its mail server is the sandbox's GreenMail, where needs-review reaches an inbox anyone can read
        env.putIfAbsent(SmtpSettings.HOST, "localhost");
        env.putIfAbsent(SmtpSettings.PORT, String.valueOf(MailServer.SANDBOX_SMTP_PORT));
        env.putIfAbsent(NotificationConfig.OPS_EMAIL, DEFAULT_OPS_EMAIL);
        // GreenMail on this machine takes many connections at once; the default keeps to what an unknown relay may
        // allow, and each send waits on its ATTEMPTED commit, so with a few in flight e-mail would trail the stack
        env.putIfAbsent(SmtpSettings.MAX_SENDS_IN_FLIGHT, "16");
        env.putIfAbsent(Access.SHOP_TOKENS, DEFAULT_SHOP_TOKEN);
        env.putIfAbsent(Access.OPERATOR_TOKENS, DEFAULT_OPERATOR_TOKEN);
        return env;
    }
}
