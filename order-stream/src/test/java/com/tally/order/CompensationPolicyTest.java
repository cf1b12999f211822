package com.tally.order;

import static com.tally.order.Fixtures.fulfillmentRequest;
import static com.tally.order.Fixtures.fulfillmentResult;
import static com.tally.order.Fixtures.order;
import static com.tally.order.Fixtures.succeeded;
import static com.tally.order.OrderDriver.kinds;
import static com.tally.order.OrderDriver.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies other than the defaults: a rejection held for a person, a give-up refunded. */
class CompensationPolicyTest {

    private static final Compensation HOLD_REJECTIONS_REFUND_GIVE_UPS = new Compensation(Compensation.Policy.HOLD, Compensation.Policy.REFUND);

    @TempDir
    Path stateDir;

    private OrderDriver t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void fulfillmentRequested(String orderId, String transactionId) {
        t = new OrderDriver(OrderDriver.settings(stateDir), HOLD_REJECTIONS_REFUND_GIVE_UPS);
        t.placements.pipeInput(orderId, order(orderId, 4_990, "EUR"));
        t.webhooks.pipeInput(transactionId, succeeded("evt_" + transactionId, transactionId, orderId, 4_990));
        t.fulfillmentRequests.pipeInput(orderId, fulfillmentRequest(orderId, 1));
        t.drain();
    }

    @Test
    void aRejectionUnderHoldRaisesOneCriticalAlertAndNeitherRefundsNorMovesTheOrder() {
        fulfillmentRequested("o-1", "pi_1");

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.REJECTED));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.REJECTED));   // delivered again

        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("fulfillment-rejected-held"), kinds(alerts));
        assertEquals(Severity.CRITICAL, alerts.get(0).getSeverity());
        assertTrue(alerts.get(0).getDetail().contains("TALLY_COMPENSATION_ON_REJECTION is hold"), alerts.get(0).getDetail());
        assertTrue(t.refundRequests.isEmpty());
        assertTrue(t.orderEvents.isEmpty());
        assertEquals(OrderStatus.FULFILLMENT_REQUESTED, t.status("o-1"));
    }

    @Test
    void aGiveUpUnderRefundRequestsOneRefundPerChargeWithItsCauseAndOneAlert() {
        fulfillmentRequested("o-1", "pi_1");

        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.GAVE_UP));
        t.fulfillmentResults.pipeInput("o-1", fulfillmentResult("o-1", FulfillmentOutcome.GAVE_UP));   // delivered again

        List<RefundRequested> refunds = t.refundRequests.readValuesToList();
        assertEquals(1, refunds.size());
        assertEquals("refund-pi_1", refunds.get(0).getRefundRequestId());
        assertEquals(RefundCause.FULFILLMENT_GAVE_UP, refunds.get(0).getCause());
        assertEquals("stripe", refunds.get(0).getProvider());
        assertEquals(4_990, refunds.get(0).getAmountMinor());
        assertEquals(List.of(OrderStatus.REFUND_REQUESTED), targets(t.orderEvents.readValuesToList()));
        List<Alert> alerts = t.alerts.readValuesToList();
        assertEquals(List.of("fulfillment-gave-up-refunded"), kinds(alerts));
        assertEquals(Severity.WARNING, alerts.get(0).getSeverity());
    }

    @Test
    void thePoliciesAreReadFromTheEnvironmentAndAWrongOneIsRefusedWithWhatToWrite() {
        assertEquals(Compensation.DEFAULTS, Compensation.fromEnv(Env.of(Map.of())));
        assertEquals(HOLD_REJECTIONS_REFUND_GIVE_UPS, Compensation.fromEnv(Env.of(Map.of(
                Compensation.ON_REJECTION, "hold", Compensation.ON_GIVE_UP, "REFUND"))));

        var env = Env.of(Map.of(Compensation.ON_GIVE_UP, "retry"));
        Compensation.fromEnv(env);
        var failure = assertThrows(Env.ConfigException.class, env::check);
        assertTrue(failure.getMessage().contains("TALLY_COMPENSATION_ON_GIVE_UP=retry is not a policy: use refund"), failure.getMessage());
    }
}
