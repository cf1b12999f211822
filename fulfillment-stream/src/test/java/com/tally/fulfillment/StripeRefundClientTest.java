package com.tally.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StripeRefundClientTest {

    @Test
    void theFormNamesThePaymentIntentTheAmountAndTheRefundsOrigin() {
        var request = RefundRequests.request("o 1&2", "stripe");
        assertEquals("payment_intent=pi_o+1%262&amount=4250&metadata%5Border_id%5D=o+1%262&metadata%5Brefund_id%5D=refund-pi_o+1%262",
                StripeRefundClient.form(request));
    }

    @Test
    void aBareChargeIsRefundedByItsChargeId() {
        var request = RefundRequests.request("o-1", "stripe");
        request.setTransactionId("ch_3Ab");
        assertEquals("charge=ch_3Ab&amount=4250&metadata%5Border_id%5D=o-1&metadata%5Brefund_id%5D=refund-pi_o-1",
                StripeRefundClient.form(request));
    }
}
