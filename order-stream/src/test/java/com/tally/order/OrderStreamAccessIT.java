package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Access;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.OrderPlaced;
import com.tally.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may query order-stream: an instance started with one list of operator tokens, then
 * restarted with a rotated list, as an operator rotates a token instance by instance. Every
 * query, and {@code /metrics} when protected, is asked without a token, with a wrong one, with
 * the revoked one, with a shop token, and with each token of the new list.
 */
class OrderStreamAccessIT {

    private static final String OLD = "old-operator-token-00000000000000";
    private static final String CURRENT = "current-operator-token-1111111111";
    private static final String NEXT = "next-operator-token-22222222222222";

    private static Map<String, String> environment(String operatorTokens) {
        return Map.of(Access.OPERATOR_TOKENS, operatorTokens, Access.SHOP_TOKENS, TestTokens.SHOP, Access.METRICS_PROTECTED, "true");
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyQueryAndProtectedMetricsNeedAnOperatorTokenOfTheCurrentListAndEitherTokenOfARotatedListWorks() throws Exception {
        String orderId = "o-access-" + UUID.randomUUID();
        List<String> protectedPaths = List.of("/orders/" + orderId, "/orders?status=PENDING&limit=5", "/orders?stuck=true&limit=5",
                "/ledger/balances", "/metrics");
        var before = new RunningOrderStream(environment(OLD + "," + CURRENT));
        try {
            before.send(Topics.ORDERS_PLACED, orderId, AvroSerde.of(OrderPlaced.class).encode(Fixtures.order(orderId, 4_990, "EUR")));
            Eventually.await(Duration.ofSeconds(30), orderId + " served with the old token before the rotation",
                    () -> before.get("/orders/" + orderId, Access.bearer(OLD)), answer -> answer.statusCode() == 200);
        } catch (Exception | Error e) {
            before.close();
            throw e;
        }

        try (var orderStream = before.restart(environment(CURRENT + "," + NEXT))) {
            Eventually.await(Duration.ofSeconds(30), orderId + " served after the restart",
                    () -> orderStream.get("/orders/" + orderId, Access.bearer(CURRENT)), answer -> answer.statusCode() == 200);

            for (String path : protectedPaths) {
                var none = orderStream.get(path, null);
                assertEquals(401, none.statusCode(), path + " without a token: " + none.body());
                assertEquals(List.of("Bearer realm=\"tally\"", "Basic realm=\"tally\""), none.headers().allValues("WWW-Authenticate"));
                assertTrue(none.body().contains("\"configuredIn\":\"TALLY_OPERATOR_TOKENS\""), none.body());
                assertEquals(401, orderStream.get(path, Access.bearer("wrong-operator-token-333333333333")).statusCode(), path + " with a wrong token");
                assertEquals(401, orderStream.get(path, Access.bearer(OLD)).statusCode(), path + " with the token the rotation revoked");
                assertEquals(401, orderStream.get(path, Access.bearer(TestTokens.SHOP)).statusCode(), path + " with a shop token");
                assertEquals(200, orderStream.get(path, Access.bearer(CURRENT)).statusCode(), path + " with the current token");
                assertEquals(200, orderStream.get(path, Access.bearer(NEXT)).statusCode(), path + " with the next token");
                assertEquals(200, orderStream.get(path, basic("ops", NEXT)).statusCode(), path + " with Basic, the token as the password");
            }
            assertTrue(orderStream.get("/orders/" + orderId, Access.bearer(NEXT)).body().contains("\"orderId\":\"" + orderId + "\""));
            assertEquals(200, orderStream.get("/health", null).statusCode());
            assertEquals(200, orderStream.get("/ready", null).statusCode());
        }
    }
}
