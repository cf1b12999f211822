package com.tally.fulfillment;

import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.FulfillmentSaga;
import java.util.List;

/**
 * What the saga decided for one input or one deadline: its state afterwards, the requests it
 * sends and the results it reports, all written in one transaction.
 *
 * @param saga    the state afterwards; the same object as before when nothing changed
 * @param changed whether {@code saga} must be stored
 * @param note    why nothing was sent, for the debug log and the tests; empty when something was
 */
record SagaStep(FulfillmentSaga saga, boolean changed, List<FulfillmentRequested> requests, List<FulfillmentResult> results, String note) {

    static SagaStep unchanged(FulfillmentSaga saga, String why) {
        return new SagaStep(saga, false, List.of(), List.of(), why);
    }

    static SagaStep changed(FulfillmentSaga saga) {
        return new SagaStep(saga, true, List.of(), List.of(), "");
    }

    static SagaStep send(FulfillmentSaga saga, FulfillmentRequested request) {
        return new SagaStep(saga, true, List.of(request), List.of(), "");
    }

    static SagaStep report(FulfillmentSaga saga, boolean changed, FulfillmentResult result) {
        return new SagaStep(saga, changed, List.of(), List.of(result), "");
    }
}
