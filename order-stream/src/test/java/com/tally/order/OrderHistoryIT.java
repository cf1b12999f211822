package com.tally.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.LedgerBalances;
import com.tally.schemas.LedgerEntry;
import com.tally.schemas.OrderState;
import com.tally.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A few hundred mixed orders on the real broker under exactly_once_v2: the order state rebuilt
 * from the log equals the live state, and the ledger balances equal the entries with debits
 * equal to credits in every committed version.
 */
class OrderHistoryIT {

    private static final int ORDERS = 320;
    private static final MixedOrders MIX = new MixedOrders("o-mix", ORDERS);
    private static RunningOrderStream orderStream;

    @BeforeAll
    static void runTheMix() throws Exception {
        orderStream = new RunningOrderStream();
        orderStream.sendAll(MIX.phaseOne());
        awaitStatuses(Map.of("PAID", 240L, "NEEDS_REVIEW", 40L, "PENDING", 40L));
        orderStream.sendAll(MIX.phaseTwo());
        awaitStatuses(Map.of("PAID", 160L, "FULFILLMENT_REQUESTED", 40L, "REFUND_REQUESTED", 40L));
        orderStream.sendAll(MIX.phaseThree());
        awaitStatuses(MIX.expected().values().stream().collect(Collectors.groupingBy(MixedOrders.Expected::status, Collectors.counting())));
    }

    @AfterAll
    static void stop() {
        orderStream.close();
    }

    private static void awaitStatuses(Map<String, Long> counts) throws Exception {
        for (var expected : counts.entrySet()) {
            Eventually.await(Duration.ofSeconds(60), expected.getValue() + " mixed orders " + expected.getKey(),
                    () -> orderStream.getJson("/orders?status=" + expected.getKey() + "&limit=1000", OrderSummary.Page.class)
                            .orders().stream().filter(o -> o.orderId().startsWith("o-mix-")).count(),
                    found -> found.equals(expected.getValue()));
        }
    }

    @Test
    void aShortListHoldsTheSmallestOrderIdsOfTheStatusAcrossAllPartitions() throws Exception {
        var all = orderStream.getJson("/orders?status=PAID&limit=1000", OrderSummary.Page.class);
        var first = orderStream.getJson("/orders?status=PAID&limit=10", OrderSummary.Page.class);

        assertTrue(all.orders().size() >= 160);
        assertEquals(all.orders().subList(0, 10), first.orders());
        assertTrue(first.truncated());
        assertEquals(400, orderStream.get("/orders?status=PAID&limit=0").statusCode());
        assertEquals(400, orderStream.get("/orders?status=NOT_A_STATE").statusCode());
    }

    @Test
    void everyOrderRebuiltFromTheLogEqualsTheLiveOrder() throws Exception {
        var rebuild = new OrderRebuild(orderStream.config.kafka(), orderStream.config.unmatchedPaymentTimeout(),
                orderStream.config.compensation(), System.out::println);

        Map<String, OrderState> rebuilt = rebuild.run(Duration.ofMinutes(2));

        assertTrue(rebuilt.keySet().containsAll(MIX.expected().keySet()), "every mixed order is rebuilt");
        int compared = 0;
        for (OrderState order : rebuilt.values()) {
            if (order.getStatus() == null) {
                continue;
            }
            OrderView live = orderStream.getJson("/orders/" + order.getOrderId(), OrderView.class);
            assertEquals(live, OrderView.of(order, false), "order " + order.getOrderId());
            compared++;
        }
        assertTrue(compared >= ORDERS, "compared " + compared);
        for (var expected : MIX.expected().values()) {
            assertEquals(expected.status(), rebuilt.get(expected.orderId()).getStatus().name(), expected.orderId());
        }
    }

    @Test
    void ledgerBalancesEqualTheEntriesAndDebitsEqualCreditsInEveryCommittedVersion() throws Exception {
        var decode = AvroSerde.of(LedgerEntry.class);
        List<LedgerEntry> entries = CommittedLog.of(SharedKafka.bootstrapServers(), Topics.LEDGER_ENTRIES).stream()
                .map(r -> decode.decode(r.value())).toList();
        Map<String, Map<String, Long>> fromEntries = new HashMap<>();
        for (LedgerEntry e : entries) {
            var accounts = fromEntries.computeIfAbsent(e.getCurrency(), c -> new HashMap<>());
            accounts.merge(e.getDebitAccount(), e.getAmountMinor(), Long::sum);
            accounts.merge(e.getCreditAccount(), -e.getAmountMinor(), Long::sum);
        }

        var balances = Eventually.await(Duration.ofSeconds(30), "balances caught up with " + entries.size() + " entries",
                () -> List.of(orderStream.getJson("/ledger/balances", BalanceView[].class)),
                views -> views.stream().mapToLong(BalanceView::entries).sum() == entries.size());

        assertEquals(fromEntries.keySet(), balances.stream().map(BalanceView::currency).collect(Collectors.toSet()));
        for (BalanceView view : balances) {
            assertTrue(view.balanced(), view.currency() + " debits equal credits");
            assertEquals(fromEntries.get(view.currency()), view.accounts(), view.currency() + " accounts equal the sum of the entries");
            assertEquals(0L, view.accounts().values().stream().mapToLong(Long::longValue).sum());
        }
        assertMixedOrdersBooked(entries);
        assertEveryCommittedVersionBalances();
    }

    /** What the mixed orders booked, account by account, is what their story says. */
    private static void assertMixedOrdersBooked(List<LedgerEntry> entries) {
        for (String currency : List.of("EUR", "USD")) {
            Map<String, Long> booked = new HashMap<>();
            entries.stream().filter(e -> e.getOrderId().startsWith("o-mix-") && e.getCurrency().equals(currency)).forEach(e -> {
                booked.merge(e.getDebitAccount(), e.getAmountMinor(), Long::sum);
                booked.merge(e.getCreditAccount(), -e.getAmountMinor(), Long::sum);
            });
            var expected = MIX.expected().values().stream().filter(x -> x.currency().equals(currency)).toList();
            long sales = expected.stream().mapToLong(MixedOrders.Expected::sales).sum();
            long suspense = expected.stream().mapToLong(MixedOrders.Expected::suspense).sum();
            long payable = expected.stream().mapToLong(MixedOrders.Expected::refundsPayable).sum();
            assertEquals(-sales, booked.get("sales"), currency + " sales");
            assertEquals(-suspense, booked.get("suspense"), currency + " suspense");
            assertEquals(-payable, booked.get("refunds-payable"), currency + " refunds payable");
            assertEquals(sales + suspense + payable, booked.get("processor:stripe"), currency + " held by the processor");
        }
    }

    private static void assertEveryCommittedVersionBalances() {
        var decode = AvroSerde.of(LedgerBalances.class);
        var versions = CommittedLog.of(SharedKafka.bootstrapServers(), OrderStreamApp.APPLICATION_ID + "-" + StoreNames.LEDGER_BALANCES + "-changelog")
                .stream().filter(r -> r.value() != null).map(r -> decode.decode(r.value())).toList();
        assertTrue(versions.size() >= 2, "the balances changed " + versions.size() + " times");
        for (LedgerBalances version : versions) {
            assertEquals(version.getDebitsMinor(), version.getCreditsMinor(), version.getCurrency() + " after " + version.getEntries() + " entries");
            assertEquals(0L, version.getAccounts().values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
