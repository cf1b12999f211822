package com.tally.ingest.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.schemas.PaymentKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pass over a report: what it keeps from a good one, and every bad row it names in a bad one. */
class ReportSpoolTest {

    /** A Stripe itemized export's header: more columns than Tally reads, in Stripe's order. */
    static final String STRIPE_HEADER = "balance_transaction_id,created_utc,created,available_on_utc,currency,gross,fee,net,"
            + "reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,automatic_payout_id,"
            + "automatic_payout_effective_at,charge_id,payment_intent_id,payment_metadata[order_id]\n";
    static final String CANONICAL_HEADER = "row_id,created_utc,transaction_id,order_id,category,currency,amount,refund_id\n";

    @TempDir
    Path dir;

    static String stripeRow(String id, String currency, String gross, String category, String source, String intent, String order) {
        return id + ",2026-11-02 10:15:00,2026-11-02 10:15:00,2026-11-04 00:00:00," + currency + "," + gross + ",0.30," + gross + ","
                + category + "," + source + ",\"Order " + order + ", thank you\",,,po_1,2026-11-05 00:00:00,ch_" + id + "," + intent + ","
                + order + "\n";
    }

    private ReportSpool.Spooled spool(ReportFormat format, String csv) throws IOException {
        return spool(format, csv.getBytes(StandardCharsets.UTF_8));
    }

    private ReportSpool.Spooled spool(ReportFormat format, byte[] csv) throws IOException {
        return ReportSpool.spool(new ByteArrayInputStream(csv), format, dir.resolve("spool-" + System.nanoTime()));
    }

    private static List<ReportRow> rows(ReportSpool.Spooled spooled) throws IOException {
        var rows = new ArrayList<ReportRow>();
        spooled.forEachRow(rows::add);
        return rows;
    }

    private static List<Integer> badRows(ReportSpool.Spooled spooled) {
        return spooled.problems().stream().map(RowProblem::row).toList();
    }

    @Test
    void aStripeExportWithByteOrderMarkQuotedCommasAndTwoCurrenciesIsReadExactly() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String csv = STRIPE_HEADER
                + stripeRow("txn_1", "usd", "49.90", "charge", "ch_1", "pi_1", "o-1")
                + stripeRow("txn_2", "jpy", "1000", "charge", "ch_2", "pi_2", "o-2")
                + stripeRow("txn_3", "usd", "-10.00", "refund", "re_3", "pi_1", "o-1")
                + stripeRow("txn_4", "jpy", "-1000", "dispute", "dp_4", "pi_2", "o-2")
                + stripeRow("txn_5", "usd", "-0.30", "fee", "fee_5", "", "");
        byte[] utf8 = new byte[bom.length + csv.getBytes(StandardCharsets.UTF_8).length];
        System.arraycopy(bom, 0, utf8, 0, bom.length);
        System.arraycopy(csv.getBytes(StandardCharsets.UTF_8), 0, utf8, bom.length, utf8.length - bom.length);

        var spooled = spool(new StripeItemizedReport(), utf8);

        assertTrue(spooled.good(), spooled.problems().toString());
        Instant at = Instant.parse("2026-11-02T10:15:00Z");
        assertEquals(List.of(
                new ReportRow("txn_1", at, "pi_1", "o-1", PaymentKind.SUCCEEDED, "charge", "USD", 4990, null),
                new ReportRow("txn_2", at, "pi_2", "o-2", PaymentKind.SUCCEEDED, "charge", "JPY", 1000, null),
                new ReportRow("txn_3", at, "pi_1", "o-1", PaymentKind.REFUNDED, "refund", "USD", 1000, "re_3"),
                new ReportRow("txn_4", at, "pi_2", "o-2", PaymentKind.DISPUTED, "dispute", "JPY", 1000, null),
                new ReportRow("txn_5", at, "fee_5", null, PaymentKind.UNSUPPORTED, "fee", "USD", 30, null)), rows(spooled));
        assertEquals(5, spooled.rows());
    }

    @Test
    void theSameRowTwiceWithTheSameFiguresIsKeptOnce() throws IOException {
        String row = stripeRow("txn_1", "eur", "12.00", "charge", "ch_1", "pi_1", "o-1");
        var spooled = spool(new StripeItemizedReport(), STRIPE_HEADER + row + stripeRow("txn_2", "eur", "5.00", "charge", "ch_2", "pi_2", "o-2") + row);

        assertTrue(spooled.good(), spooled.problems().toString());
        assertEquals(3, spooled.rowsRead());
        assertEquals(2, spooled.rows());
        assertEquals(List.of("txn_1", "txn_2"), rows(spooled).stream().map(ReportRow::rowId).toList());
    }

    @Test
    void theSameRowIdWithOtherFiguresIsABadRowNamingTheFirst() throws IOException {
        var spooled = spool(new StripeItemizedReport(), STRIPE_HEADER
                + stripeRow("txn_1", "eur", "12.00", "charge", "ch_1", "pi_1", "o-1")
                + stripeRow("txn_1", "eur", "12.01", "charge", "ch_1", "pi_1", "o-1"));

        assertFalse(spooled.good());
        assertEquals(List.of(new RowProblem(2, 3, "its row ID is already row 1's, with other figures: a row ID names one row;"
                + " remove the wrong one or export the report again")), spooled.problems());
    }

    @Test
    void everyBadRowIsNamedWithItsReasonAndTheGoodOnesAreNot() throws IOException {
        var spooled = spool(new StripeItemizedReport(), STRIPE_HEADER
                + stripeRow("txn_1", "jpy", "10.5", "charge", "ch_1", "pi_1", "o-1")           // JPY has no decimals
                + stripeRow("txn_2", "usd", "12.505", "charge", "ch_2", "pi_2", "o-2")         // USD has two
                + stripeRow("txn_3", "usd", "1e3", "charge", "ch_3", "pi_3", "o-3")            // no exponents
                + stripeRow("txn_4", "zzz", "1.00", "charge", "ch_4", "pi_4", "o-4")           // no such currency
                + stripeRow("", "usd", "1.00", "charge", "ch_5", "pi_5", "o-5")                // no row ID
                + stripeRow("txn_6", "usd", "1.00", "charge", "ch_6", "", "o-6")               // a charge without its PaymentIntent
                + stripeRow("txn_7", "usd", "-1.00", "refund", "", "pi_7", "o-7")              // a refund without its refund ID
                + stripeRow("txn_8", "usd", "1.00", "charge", "ch_8", "pi_8", "o-8").replace("2026-11-02 10:15:00,2026", "02/11/2026,2026")
                + stripeRow("txn_9", "usd", "2.00", "charge", "ch_9", "pi_9", "o-9"));

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), badRows(spooled));
        var reasons = spooled.problems().stream().map(RowProblem::reason).toList();
        assertEquals("gross '10.5' has more decimals than JPY's 0: a JPY amount is a whole number", reasons.get(0));
        assertEquals("gross '12.505' has more decimals than USD's 2: a USD amount is a whole number of 1/100s", reasons.get(1));
        assertTrue(reasons.get(2).startsWith("gross '1e3' is not a decimal number like 12.50"), reasons.get(2));
        assertEquals("currency 'zzz' is not an ISO 4217 currency code such as USD or JPY", reasons.get(3));
        assertEquals("balance_transaction_id is empty: it is the row's own ID (txn_...)", reasons.get(4));
        assertTrue(reasons.get(5).startsWith("payment_intent_id is empty: a charge row is matched to Tally's payment by its PaymentIntent"), reasons.get(5));
        assertEquals("source_id is empty: a refund row's source_id is the refund (re_...) it reports", reasons.get(6));
        assertEquals("created_utc '02/11/2026' is not a UTC time: write 2026-12-01 14:05:09 or 2026-12-01T14:05:09Z", reasons.get(7));
        assertEquals(8, spooled.problemCount());
    }

    @Test
    void aHeaderThatLacksARequiredColumnIsRefusedNamingIt() throws IOException {
        var spooled = spool(new StripeItemizedReport(), STRIPE_HEADER.replace("payment_intent_id,", "")
                + "txn_1,2026-11-02 10:15:00,x,x,usd,1.00,0,1.00,charge,ch_1,d,,,po,x,ch_1,o-1\n");

        assertEquals(1, spooled.problemCount());
        var problem = spooled.problems().get(0);
        assertEquals(0, problem.row());
        assertTrue(problem.reason().startsWith("the header is not a Stripe itemized payout reconciliation"
                + " (payout_reconciliation.itemized)'s: it lacks payment_intent_id"), problem.reason());
    }

    @Test
    void aFileWithoutAHeaderIsRefused() throws IOException {
        var spooled = spool(new StripeItemizedReport(), stripeRow("txn_1", "usd", "1.00", "charge", "ch_1", "pi_1", "o-1"));

        assertEquals(List.of(0), badRows(spooled));
    }

    @Test
    void aTruncatedLastLineIsABadRow() throws IOException {
        String good = stripeRow("txn_1", "usd", "1.00", "charge", "ch_1", "pi_1", "o-1");
        String cut = stripeRow("txn_2", "usd", "2.00", "charge", "ch_2", "pi_2", "o-2");

        var missingColumns = spool(new StripeItemizedReport(), STRIPE_HEADER + good + cut.substring(0, cut.indexOf(",charge")));
        var unterminatedQuote = spool(new StripeItemizedReport(), STRIPE_HEADER + good + cut.substring(0, cut.indexOf(", thank")));

        assertEquals(List.of(2), badRows(missingColumns));
        assertTrue(missingColumns.problems().get(0).reason().startsWith("it has 8 values and the header 18 columns: the row is cut short"),
                missingColumns.problems().get(0).reason());
        assertEquals(List.of(2), badRows(unterminatedQuote));
        assertTrue(unterminatedQuote.problems().get(0).reason().startsWith("the file cannot be read from this row on"),
                unterminatedQuote.problems().get(0).reason());
    }

    @Test
    void aRowWithMoreValuesThanTheHeaderIsABadRow() throws IOException {
        var spooled = spool(new CanonicalReport(), CANONICAL_HEADER + "r1,2026-11-02T10:15:00Z,tx-1,o-1,charge,EUR,12.00,,extra\n");

        assertEquals(List.of(1), badRows(spooled));
        assertTrue(spooled.problems().get(0).reason().startsWith("it has 9 values and the header 8 columns"));
    }

    @Test
    void aCanonicalReportKeepsEveryCategoryAndIgnoresTheOnesReconciliationDoesNotUse() throws IOException {
        var spooled = spool(new CanonicalReport(), CANONICAL_HEADER
                + "r1,2026-11-02T10:15:00Z,tx-1,o-1,charge,EUR,12.00,\n"
                + "r2,2026-11-03 09:00:00,tx-1,o-1,refund,eur,2.5,rf-1\n"
                + "\"r3\",2026-11-04T00:00:00Z,\"tx,2\",,adjustment,KWD,1.234,\n");

        assertTrue(spooled.good(), spooled.problems().toString());
        assertEquals(List.of(
                new ReportRow("r1", Instant.parse("2026-11-02T10:15:00Z"), "tx-1", "o-1", PaymentKind.SUCCEEDED, "charge", "EUR", 1200, null),
                new ReportRow("r2", Instant.parse("2026-11-03T09:00:00Z"), "tx-1", "o-1", PaymentKind.REFUNDED, "refund", "EUR", 250, "rf-1"),
                new ReportRow("r3", Instant.parse("2026-11-04T00:00:00Z"), "tx,2", null, PaymentKind.UNSUPPORTED, "adjustment", "KWD", 1234, null)),
                rows(spooled));
    }

    @Test
    void aCanonicalRowWithANegativeAmountOrARefundWithoutItsIdIsBad() throws IOException {
        var spooled = spool(new CanonicalReport(), CANONICAL_HEADER
                + "r1,2026-11-02T10:15:00Z,tx-1,o-1,charge,EUR,-12.00,\n"
                + "r2,2026-11-02T10:15:00Z,tx-1,o-1,refund,EUR,2.00,\n"
                + "r3,2026-11-02T10:15:00Z,,o-1,charge,EUR,2.00,\n");

        assertEquals(List.of(1, 2, 3), badRows(spooled));
        assertTrue(spooled.problems().get(0).reason().startsWith("amount is negative"));
        assertTrue(spooled.problems().get(1).reason().startsWith("refund_id is empty"));
        assertTrue(spooled.problems().get(2).reason().startsWith("transaction_id is empty"));
    }

    @Test
    void anEmptyBodyOrAHeaderWithoutRowsIsRefused() throws IOException {
        assertEquals(List.of(0), badRows(spool(new CanonicalReport(), "")));
        assertEquals(List.of(0), badRows(spool(new CanonicalReport(), CANONICAL_HEADER)));
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAtTheFirstRowThatIsNot() throws IOException {
        byte[] latin1 = (CANONICAL_HEADER + "r1,2026-11-02T10:15:00Z,tx-1,o-1,charge,EUR,12.00,\n"
                + "r2,2026-11-02T10:15:00Z,tx-2,commande-\u00e9t\u00e9,charge,EUR,12.00,\n").getBytes(StandardCharsets.ISO_8859_1);

        var spooled = spool(new CanonicalReport(), latin1);

        assertEquals(List.of(2), badRows(spooled));
        assertTrue(spooled.problems().get(0).reason().startsWith("the file is not UTF-8 text from this row on"), spooled.problems().toString());
    }
}
