package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Access.Caller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static final String SHOP = "5e2f8a6c1b9d0e7f3a5c4f1c9e0a7b3d";
    private static final String OPERATOR = "0d9e8f7a6b5c4d9a8b7c6d5e4f3a2b1c";

    private static Env.ConfigException failureOf(Map<String, String> variables, Caller... served) {
        Env env = Env.of(variables);
        Access.fromEnv(env, served);
        return assertThrows(Env.ConfigException.class, env::check);
    }

    @Test
    void aServiceServingShopsAndOperatorsRefusesToStartWithoutEitherListNamingBoth() {
        var failure = failureOf(Map.of(), Caller.SHOP, Caller.OPERATOR);

        assertEquals(2, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().get(0).startsWith("TALLY_SHOP_TOKENS is not set"), failure.getMessage());
        assertTrue(failure.problems().get(1).startsWith("TALLY_OPERATOR_TOKENS is not set"), failure.getMessage());
        assertTrue(failure.getMessage().contains("openssl rand -hex 24"), "says how to make a token");
    }

    @Test
    void aServiceServingOnlyShopsNeedsNoOperatorTokensWhileMetricsAreOpen() {
        Env env = Env.of(Map.of(Access.SHOP_TOKENS, SHOP));

        Access access = Access.fromEnv(env, Caller.SHOP);
        env.check();

        assertFalse(access.metricsProtected());
    }

    @Test
    void protectedMetricsNeedOperatorTokensOnEveryService() {
        var failure = failureOf(Map.of(Access.SHOP_TOKENS, SHOP, Access.METRICS_PROTECTED, "true"), Caller.SHOP);

        assertEquals(1, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().get(0).startsWith("TALLY_OPERATOR_TOKENS is not set"));
        assertTrue(failure.problems().get(0).contains("/metrics (TALLY_METRICS_PROTECTED=true)"));
    }

    @Test
    void metricsProtectedIsTrueOrFalseAndNothingElse() {
        Env env = Env.of(Map.of(Access.OPERATOR_TOKENS, OPERATOR, Access.METRICS_PROTECTED, "TRUE"));
        assertTrue(Access.fromEnv(env, Caller.OPERATOR).metricsProtected());
        env.check();

        var failure = failureOf(Map.of(Access.OPERATOR_TOKENS, OPERATOR, Access.METRICS_PROTECTED, "yes"), Caller.OPERATOR);
        assertEquals(List.of("TALLY_METRICS_PROTECTED=yes is neither true nor false"), failure.problems());
    }

    @Test
    void aTokenInBothListsIsRefusedSoAShopCannotReadOrders() {
        var failure = failureOf(Map.of(Access.SHOP_TOKENS, SHOP, Access.OPERATOR_TOKENS, OPERATOR + "," + SHOP), Caller.SHOP, Caller.OPERATOR);

        assertEquals(1, failure.problems().size(), failure.getMessage());
        assertTrue(failure.problems().get(0).startsWith("a token is in both TALLY_SHOP_TOKENS and TALLY_OPERATOR_TOKENS"));
    }

    @Test
    void everyProblemIsReportedWithTheServicesOthers() {
        Env env = Env.of(Map.of(Access.SHOP_TOKENS, "short", KafkaConfig.PARTITIONS, "many"));
        KafkaConfig.fromEnv(env);
        Access.fromEnv(env, Caller.SHOP, Caller.OPERATOR);

        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(3, failure.problems().size(), failure.getMessage());
    }

    @Test
    void toStringShowsCountsNeverTokens() {
        Env env = Env.of(Map.of(Access.SHOP_TOKENS, SHOP, Access.OPERATOR_TOKENS, OPERATOR));

        String shown = Access.fromEnv(env, Caller.SHOP).toString();

        assertEquals("Access[1 shop token(s) from TALLY_SHOP_TOKENS, 1 operator token(s) from TALLY_OPERATOR_TOKENS, metrics open]", shown);
    }
}
