package com.tally.proof.verify;

import com.tally.fulfillment.FulfillmentIds;
import com.tally.fulfillment.FulfillmentStreamApp;
import com.tally.fulfillment.SagaView;
import com.tally.fulfillment.WarehouseDispatcher;
import com.tally.proof.warehouse.OrderShipments;
import com.tally.proof.warehouse.WarehouseSummary;
import com.tally.schemas.FulfillmentRequested;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * fulfillment-stream's promises, judged from the topics it writes and its queries: every paid
 * order has one fulfillment request ID, derived from the order alone, every attempt of it was
 * requested once, as many times as the saga counts attempts, and (when the warehouse is the
 * simulator, which counts) no request ID was shipped twice, however often it was called.
 */
public final class FulfillmentInvariants implements Invariants {

    public static final String ONE_REQUEST_ID_PER_PAID_ORDER = "exactly one fulfillment request ID per paid order";
    public static final String EACH_ATTEMPT_REQUESTED_ONCE = "each attempt requested once, as many as the saga counts";
    public static final String ONE_SHIPMENT_PER_REQUEST = "at most one unique shipment per request ID at the warehouse";

    /** The topics the saga consumes, and the dispatcher's. */
    public static final List<String> SAGA_INPUTS = List.of(Topics.ORDER_EVENTS, Topics.FULFILLMENT_RESULTS, Topics.FULFILLMENT_CALLBACKS);
    public static final List<String> TOPICS_READ = List.of(Topics.ORDER_EVENTS, Topics.FULFILLMENT_REQUESTS, Topics.FULFILLMENT_RESULTS);

    private final ServiceQuery sagas;
    private final ServiceQuery warehouse;

    /**
     * @param warehouseUrl  the warehouse simulator, which counts the shipments it made per request ID;
     *                      null when the warehouse is a real one, whose shipments the verifier cannot count
     * @param operatorToken one of fulfillment-stream's TALLY_OPERATOR_TOKENS, which its queries need
     */
    public FulfillmentInvariants(String fulfillmentUrl, String warehouseUrl, String operatorToken) {
        this.sagas = new ServiceQuery(FulfillmentStreamApp.APPLICATION_ID, fulfillmentUrl, operatorToken);
        this.warehouse = warehouseUrl == null ? null : new ServiceQuery("the warehouse simulator", warehouseUrl, operatorToken);
    }

    @Override
    public List<String> topicsRead() {
        return TOPICS_READ;
    }

    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of(FulfillmentStreamApp.APPLICATION_ID, SAGA_INPUTS,
                WarehouseDispatcher.GROUP_ID, List.of(Topics.FULFILLMENT_REQUESTS));
    }

    /**
     * The warehouse simulator reports each shipment's progress to ingest seconds after accepting it:
     * every report must have been taken before an order's state is compared with its log.
     */
    @Override
    public void awaitSettled(Duration timeout, Consumer<String> progress) throws Exception {
        if (warehouse == null) {
            return;
        }
        warehouse.awaitNonePending("/warehouse/shipments", WarehouseSummary.class, WarehouseSummary::shipmentsReporting,
                "shipments to report to ingest", timeout, progress);
    }

    @Override
    public List<Check> check(Evidence evidence) throws Exception {
        Set<String> orderIds = evidence.facts().orderIds();
        Set<String> paid = evidence.read(Topics.ORDER_EVENTS, OrderEvent.class).stream()
                .filter(e -> orderIds.contains(e.getOrderId()) && e.getTo() == OrderStatus.PAID && e.getFrom() != OrderStatus.PAID)
                .map(OrderEvent::getOrderId).collect(Collectors.toCollection(TreeSet::new));
        Map<String, List<FulfillmentRequested>> requests = evidence.read(Topics.FULFILLMENT_REQUESTS, FulfillmentRequested.class).stream()
                .filter(r -> orderIds.contains(r.getOrderId())).collect(Collectors.groupingBy(FulfillmentRequested::getOrderId));
        evidence.progress("querying " + paid.size() + " sagas from fulfillment-stream");
        Map<String, SagaView> queried = new HashMap<>();
        for (String orderId : paid) {
            sagas.get("/fulfillment/" + ServiceQuery.encode(orderId), SagaView.class).ifPresent(saga -> queried.put(orderId, saga));
        }
        var checks = new ArrayList<>(List.of(oneRequestIdPerPaidOrder(orderIds, paid, requests), eachAttemptRequestedOnce(paid, requests, queried)));
        if (warehouse != null) {
            checks.add(oneShipmentPerRequest(orderIds, evidence));
        }
        return checks;
    }

    private Check oneShipmentPerRequest(Set<String> orderIds, Evidence evidence) throws Exception {
        evidence.progress("asking the warehouse simulator about " + orderIds.size() + " orders");
        var check = new Check(ONE_SHIPMENT_PER_REQUEST);
        for (String orderId : new TreeSet<>(orderIds)) {
            OrderShipments seen = warehouse.get("/warehouse/shipments?orderId=" + ServiceQuery.encode(orderId), OrderShipments.class)
                    .orElseThrow(() -> new IllegalStateException("the warehouse simulator does not answer GET /warehouse/shipments"));
            for (OrderShipments.Request request : seen.requests()) {
                check.expect(request.uniqueShipments() <= 1, orderId + ": request " + request.requestId() + " shipped "
                        + request.uniqueShipments() + " times in " + request.calls() + " calls");
            }
        }
        return check;
    }

    private static Check oneRequestIdPerPaidOrder(Set<String> orderIds, Set<String> paid, Map<String, List<FulfillmentRequested>> requests) {
        var check = new Check(ONE_REQUEST_ID_PER_PAID_ORDER);
        for (String orderId : orderIds) {
            Set<String> ids = requests.getOrDefault(orderId, List.of()).stream().map(FulfillmentRequested::getRequestId)
                    .collect(Collectors.toSet());
            Set<String> expected = paid.contains(orderId) ? Set.of(FulfillmentIds.requestId(orderId)) : Set.of();
            check.expect(ids.equals(expected), orderId + (paid.contains(orderId) ? " (paid)" : " (never paid)")
                    + ": request IDs " + ids);
        }
        return check;
    }

    private static Check eachAttemptRequestedOnce(Set<String> paid, Map<String, List<FulfillmentRequested>> requests,
                                                  Map<String, SagaView> queried) {
        var check = new Check(EACH_ATTEMPT_REQUESTED_ONCE);
        for (String orderId : paid) {
            List<Integer> attempts = requests.getOrDefault(orderId, List.of()).stream().map(FulfillmentRequested::getAttempt).toList();
            int counted = Optional.ofNullable(queried.get(orderId)).map(saga -> saga.attempts().size()).orElse(-1);
            List<Integer> expected = IntStream.rangeClosed(1, Math.max(counted, 0)).boxed().toList();
            check.expect(attempts.equals(expected), orderId + ": attempts requested " + attempts + ", the saga counts "
                    + (counted < 0 ? "no saga" : counted));
        }
        return check;
    }
}
