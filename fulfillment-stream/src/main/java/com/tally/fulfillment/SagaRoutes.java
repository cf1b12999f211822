package com.tally.fulfillment;

import com.tally.platform.Access;
import com.tally.platform.KeyedLookup;
import com.tally.schemas.FulfillmentSaga;
import com.tally.schemas.SagaStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/**
 * fulfillment-stream's query API, operators only: one order's saga. The caller's
 * {@code Authorization} goes with a query forwarded to the instance owning the order, which checks it again.
 */
final class SagaRoutes {

    private final KeyedLookup<FulfillmentSaga> sagas;
    private final Access access;

    SagaRoutes(KeyedLookup<FulfillmentSaga> sagas, Access access) {
        this.sagas = sagas;
        this.access = access;
    }

    void install(JavalinConfig config) {
        config.routes.get("/fulfillment/{orderId}", access.operator(this::getSaga));
    }

    private void getSaga(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        sagas.answer(ctx, orderId, (answer, found) -> {
            FulfillmentSaga saga = found.value();
            if (saga == null || saga.getStatus() == SagaStatus.UNKNOWN) {
                answer.status(HttpStatus.NOT_FOUND).json(Map.of("orderId", orderId, "error", "no fulfillment for order " + orderId
                        + ": it starts when the order becomes PAID. Check the order with GET /orders/" + orderId + " on order-stream"
                        + (saga == null ? "" : "; " + saga.getSeenCallbacks().size() + " warehouse callback(s) for it were received")));
                return;
            }
            answer.json(SagaView.of(saga, found.stale()));
        });
    }
}
