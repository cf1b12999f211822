package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Access;
import com.tally.platform.Env;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which providers ingest serves, and that it refuses to start with one it could not verify. */
class IngestConfigTest {

    private static final String WAREHOUSE_SECRET = "whsec_d2FyZWhvdXNlLWNvbmZpZy10ZXN0";

    /** Everything ingest needs to start, except providers and their secrets. */
    private static Map<String, String> env(String... pairs) {
        var env = new HashMap<>(Map.of("TALLY_BOOTSTRAP_SERVERS", "localhost:9092", Access.SHOP_TOKENS, "shop-token-config-test",
                Access.OPERATOR_TOKENS, "operator-token-config-test"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return assertThrows(Env.ConfigException.class, () -> IngestConfig.fromEnv(env)).problems();
    }

    @Test
    void withoutAListIngestServesStripeAndStandardButNotTheWarehouse() {
        var config = IngestConfig.fromEnv(env(IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe", IngestConfig.STANDARD_WEBHOOK_SECRET,
                "whsec_c3RhbmRhcmQ=", IngestConfig.WAREHOUSE_WEBHOOK_SECRET, WAREHOUSE_SECRET));

        assertEquals(List.of(IngestConfig.STRIPE, IngestConfig.STANDARD), config.providers());
    }

    @Test
    void warehouseIsServedWhenListedWithItsSecrets() {
        var config = IngestConfig.fromEnv(env(IngestConfig.PROVIDERS, "warehouse",
                IngestConfig.WAREHOUSE_WEBHOOK_SECRET, WAREHOUSE_SECRET + ", whsec_bmV4dA=="));

        assertEquals(List.of(IngestConfig.WAREHOUSE), config.providers());
        assertEquals(List.of(WAREHOUSE_SECRET, "whsec_bmV4dA=="), config.warehouseSecrets(), "two secrets while rotating");
    }

    @Test
    void warehouseWithoutItsSecretRefusesToStartSayingWhatToSet() {
        var problems = problems(env(IngestConfig.PROVIDERS, "stripe,warehouse", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe"));

        assertEquals(List.of("TALLY_WAREHOUSE_WEBHOOK_SECRET is not set: the secret the warehouse signs its callbacks with"
                + " (whsec_<base64>, comma-separated during a rotation; docs/WAREHOUSE.md); or leave warehouse out of"
                + " TALLY_INGEST_PROVIDERS"), problems);
    }

    @Test
    void aPaymentSecretDoesNotStandInForTheWarehouses() {
        var problems = problems(env(IngestConfig.PROVIDERS, "standard,warehouse", IngestConfig.STANDARD_WEBHOOK_SECRET, "whsec_c3RhbmRhcmQ="));

        assertEquals(1, problems.size(), String.valueOf(problems));
        assertEquals(true, problems.get(0).startsWith("TALLY_WAREHOUSE_WEBHOOK_SECRET is not set"), problems.get(0));
    }

    @Test
    void unknownProviderRefusesToStartNamingEveryKnownOne() {
        var problems = problems(env(IngestConfig.PROVIDERS, "stripe,warehose", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe"));

        assertEquals(List.of("TALLY_INGEST_PROVIDERS names 'warehose': the providers are [stripe, standard, warehouse]"), problems);
    }

    @Test
    void withoutOperatorTokensIngestRefusesToStartSinceAnyoneCouldUploadAReport() {
        var env = env(IngestConfig.PROVIDERS, "stripe", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe");
        env.remove(Access.OPERATOR_TOKENS);

        var problems = problems(env);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TALLY_OPERATOR_TOKENS is not set"), problems.get(0));
    }

    @Test
    void aSettlementReportMayBeAGibibyteUnlessSetOtherwise() {
        var defaults = IngestConfig.fromEnv(env(IngestConfig.PROVIDERS, "stripe", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe"));
        var set = IngestConfig.fromEnv(env(IngestConfig.PROVIDERS, "stripe", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_stripe",
                IngestConfig.RECONCILIATION_MAX_BYTES, "64MiB"));

        assertEquals(1024L * 1024 * 1024, defaults.reconciliationMaxBytes());
        assertEquals(64L * 1024 * 1024, set.reconciliationMaxBytes());
    }
}
