package com.tally.order;

import static com.tally.order.Fixtures.fulfillmentRequest;
import static com.tally.order.Fixtures.fulfillmentResult;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.refunded;
import static com.tally.order.Fixtures.succeeded;
import static com.tally.order.OrderDriver.kinds;
import static com.tally.order.OrderDriver.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both causes under both policies, each decided once: the exact refund requests, transitions and
 * alerts of the first verdict; nothing more when the same result is delivered again, or replayed
 * by the saga under a new event ID; for a refund, the loop closed by the processor's webhook; and
 * the policies as read from the environment.
 */
class CompensationPolicyTest {

    @TempDir
    Path stateDir;

    private OrderDriver t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    /**
     * @param expectedRefundCause null when the policy holds the order
     * @param expectedAlert       the one alert the verdict raises
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(FulfillmentOutcome.REJECTED, Compensation.Policy.REFUND, RefundCause.FULFILLMENT_REJECTED, "fulfillment-rejected",
                        Severity.WARNING),
                Arguments.of(FulfillmentOutcome.REJECTED, Compensation.Policy.HOLD, null, "fulfillment-rejected-held", Severity.CRITICAL),
                Arguments.of(FulfillmentOutcome.GAVE_UP, Compensation.Policy.REFUND, RefundCause.FULFILLMENT_GAVE_UP,
                        "fulfillment-gave-up-refunded", Severity.WARNING),
                Arguments.of(FulfillmentOutcome.GAVE_UP, Compensation.Policy.HOLD, null, "fulfillment-gave-up", Severity.CRITICAL));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("cases")
    void eachCauseIsCompensatedOnceAsItsPolicySays(FulfillmentOutcome verdict, Compensation.Policy policy, RefundCause expectedRefundCause,
                                                   String expectedAlert, Severity expectedSeverity) {
        var compensation = verdict == FulfillmentOutcome.REJECTED ? new Compensation(policy, Compensation.Policy.HOLD)
                : new Compensation(Compensation.Policy.REFUND, policy);
        t = new OrderDriver(OrderDriver.settings(stateDir), compensation);
        t.placements.pipeInput("o-1", order("o-1", 4_990, "EUR"));
        t.webhooks.pipeInput("pi_1", succeeded("evt_pi_1", "pi_1", "o-1", 4_990));
        t.fulfillmentRequests.pipeInput("o-1", fulfillmentRequest("o-1", 1));
        t.drain();

        FulfillmentResult result = fulfillmentResult("o-1", verdict);
        t.fulfillmentResults.pipeInput("o-1", result);
        t.fulfillmentResults.pipeInput("o-1", result);   // delivered again
        t.fulfillmentResults.pipeInput("o-1", FulfillmentResult.newBuilder(result).setEventId("res-o-1-replayed").build());   // the saga's replay

        List<RefundRequested> refunds = t.refundRequests.readValuesToList();
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of(expectedAlert), kinds(alerts), "one alert, however often the verdict comes");
        assertEquals(expectedSeverity, alerts.get(0).getSeverity());
        assertEquals("o-1", alerts.get(0).getSubject());
        String variable = verdict == FulfillmentOutcome.REJECTED ? Compensation.ON_REJECTION : Compensation.ON_GIVE_UP;
        assertTrue(alerts.get(0).getDetail().contains(variable + " is " + policy.name().toLowerCase()),
                "the alert names the policy that decided: " + alerts.get(0).getDetail());
        if (expectedRefundCause == null) {
            assertTrue(refunds.isEmpty(), "hold: no refund, " + refunds);
            assertTrue(t.orderEvents.isEmpty(), "hold: the order stays");
            assertEquals(OrderStatus.FULFILLMENT_REQUESTED, t.status("o-1"));
            return;
        }
        assertEquals(1, refunds.size(), "refund: one request per charge, " + refunds);
        RefundRequested refund = refunds.get(0);
        assertEquals("refund-pi_1", refund.getRefundRequestId(), "derived from the charge, so a replay derives the same");
        assertEquals(expectedRefundCause, refund.getCause());
        assertEquals("stripe", refund.getProvider(), "the dispatcher knows whom to ask");
        assertEquals("pi_1", refund.getTransactionId());
        assertEquals(4_990, refund.getAmountMinor());
        assertEquals("EUR", refund.getCurrency());
        assertEquals(List.of(OrderStatus.REFUND_REQUESTED), targets(t.orderEvents.readValuesToList()));
        t.ledger.readValuesToList();

        // the processor's webhook closes the loop, as a refund made in its dashboard would; its repeat changes nothing
        t.webhooks.pipeInput("pi_1", refunded("evt_re_1", "pi_1", "o-1", 4_990, "re_1"));
        t.webhooks.pipeInput("pi_1", refunded("evt_re_1", "pi_1", "o-1", 4_990, "re_1"));
        assertEquals(List.of(OrderStatus.REFUNDED), targets(t.orderEvents.readValuesToList()));
        List<LedgerEntry> booked = t.ledger.readValuesToList();
        assertEquals(1, booked.size(), "the refund booked once: " + booked);
        assertEquals(4_990, booked.get(0).getAmountMinor());
        assertTrue(t.alerts.isEmpty(), "a requested refund arriving raises nothing");
        assertTrue(t.refundRequests.isEmpty());
    }

    @Test
    void thePoliciesAreReadFromTheEnvironmentAndAWrongOneIsRefusedWithWhatToWrite() {
        assertEquals(Compensation.DEFAULTS, Compensation.fromEnv(Env.of(Map.of())));
        assertEquals(new Compensation(Compensation.Policy.HOLD, Compensation.Policy.REFUND), Compensation.fromEnv(Env.of(Map.of(
                Compensation.ON_REJECTION, "hold", Compensation.ON_GIVE_UP, "REFUND"))));

        var env = Env.of(Map.of(Compensation.ON_GIVE_UP, "retry"));
        Compensation.fromEnv(env);
        var failure = assertThrows(Env.ConfigException.class, env::check);
        assertTrue(failure.getMessage().contains("TALLY_COMPENSATION_ON_GIVE_UP=retry is not a policy: use refund"), failure.getMessage());
    }
}
