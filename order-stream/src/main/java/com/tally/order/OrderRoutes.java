package com.tally.order;

import com.tally.platform.Access;
import com.tally.platform.KeyedLookup;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * order-stream's query API: one order, orders in a state, stuck orders, the ledger's
 * balances, and a report's reconciliation; operators only. The caller's {@code Authorization} goes with every query forwarded to another instance,
 * which checks it again.
 */
final class OrderRoutes {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final OrderQueries queries;
    private final Access access;

    OrderRoutes(OrderQueries queries, Access access) {
        this.queries = queries;
        this.access = access;
    }

    void install(JavalinConfig config) {
        config.routes.get("/orders/{orderId}", access.operator(this::getOrder));
        config.routes.get("/orders", access.operator(this::listOrders));
        config.routes.get("/ledger/balances", access.operator(this::balances));
        config.routes.get("/reconciliation/runs/{reportId}", access.operator(this::reconciliationRun));
    }

    /** The credential the caller was let in with, for the instances a query is forwarded to. */
    private static String credential(Context ctx) {
        return ctx.header("Authorization");
    }

    private void getOrder(Context ctx) {
        String orderId = ctx.pathParam("orderId");
        queries.answer(ctx, orderId, (answer, found) -> OrderQueries.placed(found.value()).ifPresentOrElse(
                order -> answer.json(OrderView.of(order, found.stale())),
                () -> answer.status(HttpStatus.NOT_FOUND).json(notFound(orderId, found))));
    }

    private void listOrders(Context ctx) {
        String statusParam = ctx.queryParam("status");
        String stuckParam = ctx.queryParam("stuck");
        if (stuckParam != null && (statusParam != null || !"true".equals(stuckParam))) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "give either ?stuck=true (paid orders the warehouse has not"
                    + " accepted in time) or ?status=, not both; got stuck=" + stuckParam + (statusParam == null ? "" : ", status=" + statusParam)));
            return;
        }
        OrderStatus status = parseStatus(statusParam);
        if (status == null && stuckParam == null) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "give ?status= one of "
                    + Arrays.toString(OrderStatus.values()) + " or ?stuck=true" + (statusParam == null ? "" : "; got " + statusParam)));
            return;
        }
        Integer limit = parseLimit(ctx.queryParam("limit"));
        if (limit == null) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "limit must be a number from 1 to " + MAX_LIMIT));
            return;
        }
        if (stuckParam != null) {
            answerPage(ctx, limit, local -> local ? queries.stuckLocal(limit) : queries.stuck(limit, credential(ctx)),
                    (truncated, orders) -> new StuckOrder.Page(limit, truncated, orders));
        } else {
            answerPage(ctx, limit, local -> local ? queries.listLocal(status, limit) : queries.list(status, limit, credential(ctx)),
                    (truncated, orders) -> new OrderSummary.Page(status.name(), limit, truncated, orders));
        }
    }

    /** A list from this instance alone ({@code ?local=true}, how instances ask each other) or gathered from all of them. */
    @FunctionalInterface
    private interface Gather<T> {
        List<T> from(boolean localOnly) throws IOException;
    }

    private <T> void answerPage(Context ctx, int limit, Gather<T> gather, BiFunction<Boolean, List<T>, Object> page) {
        try {
            boolean local = "true".equals(ctx.queryParam("local"));
            List<T> orders = gather.from(local);
            // a peer's answer keeps its extra order, so the merged list can tell it was cut
            int shown = local ? orders.size() : Math.min(limit, orders.size());
            ctx.json(page.apply(orders.size() > limit, orders.subList(0, shown)));
        } catch (InvalidStateStoreException | IOException e) {
            KeyedLookup.unavailable(ctx, "not every instance could answer (" + e.getMessage() + "): retry in a few seconds");
        }
    }

    private void balances(Context ctx) {
        try {
            ctx.json("true".equals(ctx.queryParam("local")) ? queries.balancesLocal() : queries.balances(credential(ctx)));
        } catch (InvalidStateStoreException | IOException e) {
            KeyedLookup.unavailable(ctx, "not every instance could answer (" + e.getMessage() + "): retry in a few seconds");
        }
    }

    /** One report's reconciliation, as JSON or, with {@code ?format=csv}, as CSV for a spreadsheet. */
    private void reconciliationRun(Context ctx) {
        String reportId = ctx.pathParam("reportId");
        String format = ctx.queryParam("format");
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "format must be json (the default) or csv; got " + format));
            return;
        }
        Optional<ReconciliationRunView> run;
        try {
            run = "true".equals(ctx.queryParam("local")) ? queries.runLocal(reportId) : queries.run(reportId, credential(ctx));
        } catch (InvalidStateStoreException | IOException e) {
            KeyedLookup.unavailable(ctx, "not every instance could answer (" + e.getMessage() + "): retry in a few seconds");
            return;
        }
        if (run.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no row of report " + reportId + " has reached order-stream: check the"
                    + " report ID and the upload's answer from ingest-service", "reportId", reportId));
        } else if ("csv".equals(format)) {
            ctx.contentType("text/csv; charset=utf-8").result(run.get().csv());
        } else {
            ctx.json(run.get());
        }
    }

    private static OrderStatus parseStatus(String value) {
        return Arrays.stream(OrderStatus.values())
                .filter(s -> s != OrderStatus.UNKNOWN && s.name().equalsIgnoreCase(String.valueOf(value)))
                .findFirst().orElse(null);
    }

    private static Integer parseLimit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> notFound(String orderId, KeyedLookup.Result.Found<OrderState> found) {
        int held = found.value() == null ? 0 : found.value().getHeldPayments().size();
        String detail = held == 0
                ? "no order " + orderId + " has been placed: check the ID, or place it with POST /orders on ingest-service"
                : "no order " + orderId + " has been placed yet; " + held + " payment event(s) for it are held until it is";
        return Map.of("error", detail, "orderId", orderId, "heldPayments", held);
    }
}
