package com.tally.proof.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tally.platform.TallyJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationClientTest {

    @Test
    void countsPerClassAddEveryCurrency() throws Exception {
        var run = TallyJson.mapper().readTree("{\"reconciled\":true,\"totals\":{\"MATCHED\":{\"EUR\":{\"count\":3,\"amountMinor\":10},"
                + "\"JPY\":{\"count\":2,\"amountMinor\":1000}},\"MISSING_IN_TALLY\":{\"EUR\":{\"count\":1,\"amountMinor\":5}}}}");
        assertEquals(Map.of("MATCHED", 5L, "MISSING_IN_TALLY", 1L), ReconciliationClient.countsPerClass(run));
    }
}
