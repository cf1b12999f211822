package com.tally.proof.verify;

import com.tally.fulfillment.RefundDispatcher;
import com.tally.order.Compensation;
import com.tally.order.OrderStreamApp;
import com.tally.order.OrderView;
import com.tally.proof.processor.OrderRefunds;
import com.tally.proof.processor.ProcessorSummary;
import com.tally.schemas.Alert;
import com.tally.schemas.FulfillmentOutcome;
import com.tally.schemas.FulfillmentResult;
import com.tally.schemas.OrderEvent;
import com.tally.schemas.OrderStatus;
import com.tally.schemas.RefundCause;
import com.tally.schemas.RefundOutcome;
import com.tally.schemas.RefundRequested;
import com.tally.schemas.RefundResult;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compensation's promises, from the request to the money: each charge is asked back at most once
 * per cause, the refund dispatcher answers every request once (with an alert when a person must
 * act), the processor (when it is the simulator, which counts) refunds each refund ID at most
 * once, and an order the warehouse rejected or the saga gave up on ends as order-stream's policy
 * for that cause says: REFUNDED, or held with an alert.
 */
public final class RefundInvariants implements Invariants {

    public static final String REFUND_REQUESTS_BY_CAUSE = "at most one refund request per charge and cause";
    public static final String ONE_REFUND_RESULT_PER_REQUEST = "every refund request answered once by the dispatcher";
    public static final String ONE_PROCESSOR_REFUND_PER_REFUND_ID = "at most one unique refund at the processor per refund ID";
    public static final String COMPENSATED_AS_POLICY = "every compensated order ends REFUNDED or held with an alert, per its policy";

    public static final List<String> TOPICS_READ = List.of(Topics.REFUNDS, Topics.REFUND_RESULTS, Topics.ALERTS, Topics.ORDER_EVENTS,
            Topics.FULFILLMENT_RESULTS);

    /** The causes as a report lists them: order-stream's own first, another service's, then what no release named. */
    static final List<RefundCause> CAUSES = List.of(RefundCause.EXTRA_CHARGE, RefundCause.FULFILLMENT_REJECTED,
            RefundCause.FULFILLMENT_GAVE_UP, RefundCause.REQUESTED_BY_SERVICE, RefundCause.UNKNOWN);

    /** The dispatcher's alert when the money did not go back by itself, per outcome (RefundDispatcher's kinds). */
    private static final Map<RefundOutcome, Set<String>> REFUND_ALERTS = Map.of(RefundOutcome.REFUSED, Set.of("refund-refused"),
            RefundOutcome.FAILED, Set.of("refund-failed", "refund-by-hand"));
    /** order-stream's alert for an input its order's state cannot accept: such a result decided nothing. */
    private static final String NOT_ACCEPTED = "event-not-accepted";
    private static final Set<String> REFUND_PENDING_OR_DONE = Set.of(OrderStatus.REFUND_REQUESTED.name(), OrderStatus.REFUNDED.name());

    /** order-stream's four compensation alerts (docs/RUNBOOK.md): which cause it decided for, and how. */
    enum Decided {
        REJECTED_REFUNDED("fulfillment-rejected", RefundCause.FULFILLMENT_REJECTED, Compensation.Policy.REFUND),
        REJECTED_HELD("fulfillment-rejected-held", RefundCause.FULFILLMENT_REJECTED, Compensation.Policy.HOLD),
        GAVE_UP_REFUNDED("fulfillment-gave-up-refunded", RefundCause.FULFILLMENT_GAVE_UP, Compensation.Policy.REFUND),
        GAVE_UP_HELD("fulfillment-gave-up", RefundCause.FULFILLMENT_GAVE_UP, Compensation.Policy.HOLD);

        final String alertKind;
        final RefundCause cause;
        final Compensation.Policy policy;

        Decided(String alertKind, RefundCause cause, Compensation.Policy policy) {
            this.alertKind = alertKind;
            this.cause = cause;
            this.policy = policy;
        }

        static Optional<Decided> byAlert(String kind) {
            return Arrays.stream(values()).filter(d -> d.alertKind.equals(kind)).findFirst();
        }

        Compensation.Policy expected(Compensation policies) {
            return cause == RefundCause.FULFILLMENT_REJECTED ? policies.onRejection() : policies.onGiveUp();
        }
    }

    /** The run's orders' records on the refund topics and their alerts on {@code ops.alerts}, each once however often it was written. */
    record RefundLog(List<RefundRequested> requests, List<RefundResult> results, List<Alert> alerts) {

        RefundLog {
            results = distinct(results, RefundResult::getEventId);
            alerts = distinct(alerts, Alert::getEventId);
        }

        List<RefundRequested> requestsOf(String orderId, RefundCause cause) {
            return requests.stream().filter(r -> r.getOrderId().equals(orderId) && r.getCause() == cause).toList();
        }

        List<RefundOutcome> outcomesOf(Collection<String> refundRequestIds) {
            return results.stream().filter(r -> refundRequestIds.contains(r.getRefundRequestId())).map(RefundResult::getOutcome).toList();
        }
    }

    private final ServiceQuery orders;
    private final ServiceQuery processor;
    private final Compensation expected;

    /**
     * @param processorUrl  the processor simulator's, which counts refunds per refund ID; null for a real processor
     * @param operatorToken one of order-stream's TALLY_OPERATOR_TOKENS, which its queries need
     * @param expected      the policies order-stream was started with; null accepts either decision for either cause
     */
    public RefundInvariants(String orderUrl, String processorUrl, String operatorToken, Compensation expected) {
        this.orders = new ServiceQuery(OrderStreamApp.APPLICATION_ID, orderUrl, operatorToken);
        this.processor = processorUrl == null ? null : new ServiceQuery("the processor simulator", processorUrl, operatorToken);
        this.expected = expected;
    }

    @Override
    public List<String> topicsRead() {
        return TOPICS_READ;
    }

    /** The dispatcher answers the requests, and order-stream (whose alerts and order states are judged) must have taken in its inputs. */
    /**
     * A refund comes back as the processor's {@code charge.refunded} webhook, sent a moment after the
     * refund and retried until ingest takes it: the simulator must have delivered every one before an
     * order is judged by whether it ended REFUNDED.
     */
    @Override
    public void awaitSettled(Duration timeout, Consumer<String> progress) throws Exception {
        if (processor == null) {
            return;
        }
        processor.awaitNonePending("/processor/refunds", ProcessorSummary.class, ProcessorSummary::webhooksPending,
                "charge.refunded webhooks to deliver to ingest", timeout, progress);
    }

    @Override
    public Map<String, List<String>> groupInputs() {
        return Map.of(RefundDispatcher.GROUP_ID, List.of(Topics.REFUNDS), OrderStreamApp.APPLICATION_ID, OrderStreamInvariants.INPUTS);
    }

    @Override
    public List<Check> check(Evidence evidence) throws Exception {
        Set<String> orderIds = evidence.facts().orderIds();
        var log = new RefundLog(ofRun(evidence.read(Topics.REFUNDS, RefundRequested.class), RefundRequested::getOrderId, orderIds),
                ofRun(evidence.read(Topics.REFUND_RESULTS, RefundResult.class), RefundResult::getOrderId, orderIds),
                ofRun(evidence.read(Topics.ALERTS, Alert.class), Alert::getSubject, orderIds));
        List<FulfillmentResult> fulfillment = ofRun(evidence.read(Topics.FULFILLMENT_RESULTS, FulfillmentResult.class),
                FulfillmentResult::getOrderId, orderIds);
        Set<String> paid = evidence.read(Topics.ORDER_EVENTS, OrderEvent.class).stream()
                .filter(e -> orderIds.contains(e.getOrderId()) && e.getTo() == OrderStatus.PAID).map(OrderEvent::getOrderId)
                .collect(Collectors.toSet());
        evidence.progress(requestsByCause(log.requests()));
        var checks = new ArrayList<>(List.of(oneRequestPerChargeAndCause(log.requests()), oneResultPerRequest(log)));
        if (processor != null) {
            checks.add(oneProcessorRefundPerRefundId(askProcessor(log.requests(), evidence), log.results()));
        }
        Set<String> candidates = candidates(paid, fulfillment, log.alerts());
        evidence.progress("querying " + candidates.size() + " rejected or given-up orders from order-stream");
        Map<String, OrderView> queried = new HashMap<>();
        for (String orderId : candidates) {
            orders.get("/orders/" + ServiceQuery.encode(orderId), OrderView.class).ifPresent(view -> queried.put(orderId, view));
        }
        checks.add(compensatedAsPolicy(paid, fulfillment, log, queried, expected));
        return checks;
    }

    private Map<String, OrderRefunds> askProcessor(List<RefundRequested> requests, Evidence evidence) throws Exception {
        Set<String> refunded = requests.stream().map(RefundRequested::getOrderId).collect(Collectors.toCollection(TreeSet::new));
        evidence.progress("asking the processor simulator about " + refunded.size() + " orders with refund requests");
        Map<String, OrderRefunds> seen = new TreeMap<>();
        for (String orderId : refunded) {
            seen.put(orderId, processor.get("/processor/refunds?orderId=" + ServiceQuery.encode(orderId), OrderRefunds.class)
                    .orElseThrow(() -> new IllegalStateException("the processor simulator does not answer GET /processor/refunds:"
                            + " is it the simulator? Pass none as its URL for a real processor")));
        }
        return seen;
    }

    /** The line a report prints: refund requests (distinct refund IDs) per cause, every cause named, so a zero shows too. */
    static String requestsByCause(List<RefundRequested> requests) {
        Map<RefundCause, Set<String>> ids = new LinkedHashMap<>();
        CAUSES.forEach(cause -> ids.put(cause, new TreeSet<>()));
        requests.forEach(r -> ids.computeIfAbsent(r.getCause(), cause -> new TreeSet<>()).add(r.getRefundRequestId()));
        return "refund requests by cause: " + ids.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size())
                .collect(Collectors.joining(", "));
    }

    /** One refund ID per order, cause and charge: a record written again is the same request, a second ID is a second refund. */
    static Check oneRequestPerChargeAndCause(List<RefundRequested> requests) {
        var check = new Check(REFUND_REQUESTS_BY_CAUSE);
        Map<String, Set<String>> idsPerCharge = new TreeMap<>();
        for (RefundRequested r : requests) {
            idsPerCharge.computeIfAbsent(r.getOrderId() + " " + r.getCause() + " charge " + r.getTransactionId(), charge -> new TreeSet<>())
                    .add(r.getRefundRequestId());
        }
        idsPerCharge.forEach((charge, ids) -> check.expect(ids.size() == 1, charge + ": refund IDs " + ids));
        return check;
    }

    /**
     * One result per refund ID, and an alert exactly when the money did not go back by itself: one
     * of the outcome's kind, caused by the result, none for a REQUESTED one.
     */
    static Check oneResultPerRequest(RefundLog log) {
        var check = new Check(ONE_REFUND_RESULT_PER_REQUEST);
        Map<String, List<RefundResult>> resultsById = log.results().stream().collect(Collectors.groupingBy(RefundResult::getRefundRequestId));
        Map<String, List<Alert>> alertsByCause = log.alerts().stream().filter(a -> a.getCauseEventId() != null)
                .collect(Collectors.groupingBy(Alert::getCauseEventId));
        Map<String, String> orderOf = new TreeMap<>();
        log.requests().forEach(r -> orderOf.put(r.getRefundRequestId(), r.getOrderId()));
        orderOf.forEach((refundId, orderId) -> {
            List<RefundResult> answered = resultsById.getOrDefault(refundId, List.of());
            if (answered.size() != 1) {
                check.expect(false, orderId + ": refund " + refundId + " answered " + answered.size() + " times "
                        + answered.stream().map(r -> r.getOutcome() + " " + r.getEventId()).toList());
                return;
            }
            RefundResult result = answered.get(0);
            List<String> raised = alertsByCause.getOrDefault(result.getEventId(), List.of()).stream().map(Alert::getKind).toList();
            boolean holds = result.getOutcome() == RefundOutcome.REQUESTED ? raised.isEmpty()
                    : raised.size() == 1 && REFUND_ALERTS.getOrDefault(result.getOutcome(), Set.of()).contains(raised.get(0));
            check.expect(holds, orderId + ": refund " + refundId + " " + result.getOutcome() + " with alerts " + raised);
        });
        return check;
    }

    /**
     * Per refund ID the simulator saw, at most one refund made however often it was called; and
     * exactly one for each refund ID the dispatcher recorded as REQUESTED.
     */
    static Check oneProcessorRefundPerRefundId(Map<String, OrderRefunds> seen, List<RefundResult> results) {
        var check = new Check(ONE_PROCESSOR_REFUND_PER_REFUND_ID);
        Map<String, String> requested = new TreeMap<>();
        results.stream().filter(r -> r.getOutcome() == RefundOutcome.REQUESTED).forEach(r -> requested.put(r.getRefundRequestId(), r.getOrderId()));
        Set<String> atProcessor = new TreeSet<>();
        new TreeMap<>(seen).forEach((orderId, refunds) -> refunds.requests().forEach(request -> {
            String refundId = request.refundRequestId();
            atProcessor.add(refundId);
            boolean wasRequested = requested.containsKey(refundId);
            check.expect(request.uniqueRefunds() <= 1 && (!wasRequested || request.uniqueRefunds() == 1), orderId + ": refund " + refundId
                    + " made " + request.uniqueRefunds() + " times at the processor in " + request.calls() + " calls with keys "
                    + new TreeSet<>(request.idempotencyKeys()) + (wasRequested ? "; the dispatcher recorded it REQUESTED" : ""));
        }));
        requested.forEach((refundId, orderId) -> {
            if (!atProcessor.contains(refundId)) {
                check.expect(false, orderId + ": refund " + refundId + " recorded REQUESTED, but the processor saw 0 calls and no keys for it");
            }
        });
        return check;
    }

    /** The orders to ask order-stream about: a rejection or give-up after they were paid, or one of its compensation alerts. */
    static Set<String> candidates(Set<String> paid, List<FulfillmentResult> fulfillment, List<Alert> alerts) {
        Set<String> orderIds = fulfillment.stream().filter(r -> compensates(r.getOutcome()) && paid.contains(r.getOrderId()))
                .map(FulfillmentResult::getOrderId).collect(Collectors.toCollection(TreeSet::new));
        alerts.stream().filter(a -> Decided.byAlert(a.getKind()).isPresent()).forEach(a -> orderIds.add(a.getSubject()));
        return orderIds;
    }

    /**
     * Every order compensated (a rejection or give-up order-stream accepted while it was paid, or
     * one of its compensation alerts) ended as the decision its alert names: a refund decision has
     * the refund request of its cause and the order REFUNDED, unless the dispatcher's result left
     * the refund to a person (its own alert is then the cue); a hold decision has no refund of its
     * cause and the order not in a refund because of it.
     *
     * @param expected the policies order-stream ran with; null accepts either decision
     */
    static Check compensatedAsPolicy(Set<String> paid, List<FulfillmentResult> fulfillment, RefundLog log, Map<String, OrderView> queried,
                                     Compensation expected) {
        var check = new Check(COMPENSATED_AS_POLICY);
        Map<String, List<FulfillmentResult>> accepted = distinct(fulfillment, FulfillmentResult::getEventId).stream()
                .filter(r -> compensates(r.getOutcome()) && paid.contains(r.getOrderId()) && !setAside(r, queried.get(r.getOrderId())))
                .collect(Collectors.groupingBy(FulfillmentResult::getOrderId));
        Map<String, Set<Decided>> decisions = new TreeMap<>();
        accepted.keySet().forEach(orderId -> decisions.put(orderId, new TreeSet<>()));
        log.alerts().forEach(a -> Decided.byAlert(a.getKind()).ifPresent(d -> decisions.computeIfAbsent(a.getSubject(), o -> new TreeSet<>()).add(d)));
        decisions.forEach((orderId, decided) -> {
            List<String> problems = problems(orderId, decided, accepted.getOrDefault(orderId, List.of()), log, queried.get(orderId), expected);
            check.expect(problems.isEmpty(), orderId + " " + decided.stream().map(d -> d.alertKind).toList() + ": "
                    + String.join("; ", problems));
        });
        return check;
    }

    private static List<String> problems(String orderId, Set<Decided> decided, List<FulfillmentResult> accepted, RefundLog log,
                                         OrderView order, Compensation expected) {
        if (order == null) {
            return List.of("order-stream does not know the order");
        }
        var problems = new ArrayList<String>();
        if (decided.isEmpty()) {
            problems.add("order-stream accepted " + accepted.stream().map(r -> r.getOutcome() + " " + r.getEventId()).toList()
                    + " but raised no compensation alert; the order is " + order.status());
        }
        for (Decided d : decided) {
            if (expected != null && d.policy != d.expected(expected)) {
                problems.add("decided " + d.policy + " for " + d.cause + ", but the policy is " + d.expected(expected));
            }
            Set<String> refundIds = log.requestsOf(orderId, d.cause).stream().map(RefundRequested::getRefundRequestId)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (d.policy == Compensation.Policy.REFUND) {
                refunded(d, order, refundIds, log).ifPresent(problems::add);
            } else {
                held(d, order, refundIds, log).ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static Optional<String> refunded(Decided d, OrderView order, Set<String> refundIds, RefundLog log) {
        if (refundIds.isEmpty()) {
            return Optional.of("no refund request with cause " + d.cause + "; the order is " + order.status());
        }
        List<RefundOutcome> outcomes = log.outcomesOf(refundIds);
        boolean leftToAPerson = outcomes.contains(RefundOutcome.REFUSED) || outcomes.contains(RefundOutcome.FAILED);
        if (leftToAPerson || order.status().equals(OrderStatus.REFUNDED.name())) {
            return Optional.empty();
        }
        return Optional.of("is " + order.status() + " after refunds " + refundIds + " with results " + outcomes
                + (outcomes.isEmpty() ? ": the dispatcher never answered" : ": did the processor's charge.refunded webhook reach ingest?"));
    }

    private static Optional<String> held(Decided d, OrderView order, Set<String> refundIds, RefundLog log) {
        if (!refundIds.isEmpty()) {
            return Optional.of("held, yet refunds " + refundIds + " were requested with cause " + d.cause);
        }
        // a held order may still be refunded for another reason: a person's refund through another service, the other cause's policy
        boolean otherReason = log.requests().stream().anyMatch(r -> r.getOrderId().equals(order.orderId())
                && r.getCause() != d.cause && r.getCause() != RefundCause.EXTRA_CHARGE);
        if (REFUND_PENDING_OR_DONE.contains(order.status()) && !otherReason) {
            return Optional.of("held, yet the order is " + order.status() + " with no refund requested for another reason");
        }
        return Optional.empty();
    }

    private static boolean compensates(FulfillmentOutcome outcome) {
        return outcome == FulfillmentOutcome.REJECTED || outcome == FulfillmentOutcome.GAVE_UP;
    }

    /**
     * A result order-stream kept in the order's history without deciding anything on it: refused
     * as not applying to the order's state, or only recorded (a give-up after the order moved on,
     * a rejection once a refund was already asked for). A result with no history line of its own
     * is a repeat order-stream recognised, and is judged by the order's alerts.
     */
    static boolean setAside(FulfillmentResult result, OrderView order) {
        if (order == null) {
            return false;
        }
        String eventId = result.getEventId();
        List<OrderView.AnomalyView> raised = order.anomalies().stream().filter(a -> eventId.equals(a.causeEventId())).toList();
        if (raised.stream().anyMatch(a -> a.kind().equals(NOT_ACCEPTED))) {
            return true;
        }
        List<OrderView.HistoryEntry> lines = order.history().stream().filter(h -> eventId.equals(h.causeEventId())).toList();
        return raised.isEmpty() && !lines.isEmpty() && lines.stream().allMatch(h -> Objects.equals(h.from(), h.to()));
    }

    private static <T> List<T> ofRun(List<T> records, Function<T, String> orderId, Set<String> orderIds) {
        return records.stream().filter(r -> orderIds.contains(orderId.apply(r))).toList();
    }

    private static <T> List<T> distinct(List<T> records, Function<T, String> eventId) {
        Map<String, T> first = new LinkedHashMap<>();
        records.forEach(r -> first.putIfAbsent(eventId.apply(r), r));
        return List.copyOf(first.values());
    }
}
