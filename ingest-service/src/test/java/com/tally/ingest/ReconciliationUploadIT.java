package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.Access;
import com.tally.platform.TallyJson;
import com.tally.platform.testing.CommittedLog;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.platform.testing.TestTokens;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /reconciliation/reports/{provider}} on a running ingest-service and the shared
 * broker, through real HTTP: what a good report appends (read committed), that a bad one appends
 * nothing, the size limit, who may upload, and that the same report twice appends the same records.
 */
class ReconciliationUploadIT {

    private static final String PERIOD = "?periodStart=2026-11-01T00:00:00Z&periodEnd=2026-12-01T00:00:00Z";
    private static final String HEADER = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id,"
            + "description,payment_intent_id,payment_metadata[order_id]\n";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AvroSerde<SettlementRecord> SETTLEMENTS = AvroSerde.of(SettlementRecord.class);

    @TempDir
    Path stateDir;
    private IngestService ingest;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() {
        ingest = IngestOnSharedKafka.start(stateDir, Map.of(IngestConfig.PROVIDERS, "stripe", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_recon_it",
                IngestConfig.RECONCILIATION_MAX_BYTES, "4KiB"));
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private String row(String id, String currency, String gross, String category, String source, String intent) {
        return id + "_" + run + ",2026-11-02 10:15:00," + currency + "," + gross + ",0.30," + gross + "," + category + "," + source + "_" + run
                + ",\"Order, with a comma\"," + (intent.isEmpty() ? "" : intent + "_" + run) + ",o-" + run + "\n";
    }

    private HttpResponse<String> upload(String path, HttpRequest.BodyPublisher body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(ingest.url() + path)).header("Content-Type", "text/csv").POST(body);
        if (token != null) {
            request.header("Authorization", Access.bearer(token));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String csv, String token) throws Exception {
        return upload("/reconciliation/reports/stripe" + PERIOD, HttpRequest.BodyPublishers.ofString(csv), token);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return TallyJson.mapper().readTree(response.body());
    }

    /** The committed settlements of this run's transactions, decoded with their raw bytes. */
    private List<ConsumerRecord<String, byte[]>> settlementsOfThisRun() {
        return CommittedLog.of(SharedKafka.bootstrapServers(), Topics.SETTLEMENTS).stream()
                .filter(record -> record.key().endsWith("_" + run)).toList();
    }

    @Test
    void aGoodReportIsAppendedOnceARowAndTheSameReportAgainAppendsTheSameRecords() throws Exception {
        String charge = row("txn_1", "usd", "49.90", "charge", "ch_1", "pi_1");
        String csv = HEADER + charge
                + row("txn_2", "jpy", "1000", "charge", "ch_2", "pi_2")
                + row("txn_3", "usd", "-10.00", "refund", "re_3", "pi_1")
                + row("txn_4", "usd", "-0.30", "fee", "fee_4", "")
                + charge;   // the same row twice: one record

        var first = upload(csv, TestTokens.OPERATOR);

        assertEquals(202, first.statusCode(), first.body());
        var answer = json(first);
        assertEquals(4, answer.get("rows").asInt());
        assertEquals(List.of(2, 1, 0, 1, 1), List.of(answer.get("charges").asInt(), answer.get("refunds").asInt(),
                answer.get("disputes").asInt(), answer.get("ignored").asInt(), answer.get("repeatedRowsSkipped").asInt()));
        String reportId = answer.get("reportId").asText();
        // the commit's markers reach the partitions just after the commit is acknowledged: until then read_committed sees none
        var appended = Eventually.await(Duration.ofSeconds(30), "the report's records committed", this::settlementsOfThisRun, r -> r.size() >= 4);
        assertEquals(4, appended.size(), "one record a row, the repeated row once");
        var refund = appended.stream().map(r -> SETTLEMENTS.decode(r.value())).filter(s -> s.getKind() == PaymentKind.REFUNDED).findFirst().orElseThrow();
        assertEquals("pi_1_" + run, refund.getTransactionId());
        assertEquals("re_3_" + run, refund.getRefundId());
        assertEquals(1000, refund.getAmountMinor());
        assertEquals(reportId, refund.getReportId());
        assertEquals(4, refund.getRowsInReport());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), refund.getPeriodStart());
        assertEquals(Instant.parse("2026-11-02T10:15:00Z"), refund.getSettledAt());

        var second = upload(csv, TestTokens.OPERATOR);

        assertEquals(202, second.statusCode(), second.body());
        assertEquals(reportId, json(second).get("reportId").asText(), "the report ID comes from the content");
        var both = Eventually.await(Duration.ofSeconds(30), "the second upload's records committed", this::settlementsOfThisRun, r -> r.size() >= 8);
        assertEquals(8, both.size());
        var values = new ArrayList<String>();
        for (var record : both) {
            values.add(record.key() + "/" + Arrays.toString(record.value()));
        }
        assertEquals(4, values.stream().distinct().count(), "the second upload appends byte-for-byte the first's records, same event IDs included");
    }

    @Test
    void aBadReportIsRefusedNamingEveryBadRowAndAppendsNothing() throws Exception {
        var response = upload(HEADER
                + row("txn_1", "usd", "49.90", "charge", "ch_1", "pi_1")
                + row("txn_2", "jpy", "10.5", "charge", "ch_2", "pi_2")
                + row("txn_3", "usd", "1.00", "charge", "ch_3", ""), TestTokens.OPERATOR);

        assertEquals(400, response.statusCode(), response.body());
        var answer = json(response);
        assertTrue(answer.get("error").asText().startsWith("the report is refused whole and nothing was appended"), response.body());
        assertEquals(2, answer.get("problemCount").asInt());
        assertEquals(List.of(2, 3), List.of(answer.get("problems").get(0).get("row").asInt(), answer.get("problems").get(1).get("row").asInt()));
        assertEquals(List.of(), settlementsOfThisRun());
    }

    @Test
    void aReportOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        var big = new StringBuilder(HEADER);
        for (int i = 0; big.length() <= 8 * 1024; i++) {
            big.append(row("txn_" + i, "usd", "1.00", "charge", "ch_" + i, "pi_" + i));
        }
        byte[] body = big.toString().getBytes(StandardCharsets.UTF_8);

        var declared = upload("/reconciliation/reports/stripe" + PERIOD, HttpRequest.BodyPublishers.ofByteArray(body), TestTokens.OPERATOR);
        var chunked = upload("/reconciliation/reports/stripe" + PERIOD,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), TestTokens.OPERATOR);

        assertEquals(413, declared.statusCode(), declared.body());
        assertTrue(declared.body().contains("TALLY_RECONCILIATION_MAX_BYTES"), declared.body());
        assertEquals(413, chunked.statusCode(), "counted while streaming: " + chunked.body());
        assertEquals(List.of(), settlementsOfThisRun());
    }

    @Test
    void onlyAnOperatorMayUploadAndThePeriodAndProviderAreChecked() throws Exception {
        String csv = HEADER + row("txn_1", "usd", "49.90", "charge", "ch_1", "pi_1");

        assertEquals(401, upload(csv, null).statusCode());
        assertEquals(401, upload(csv, TestTokens.SHOP).statusCode(), "a shop token is not an operator's");
        var noPeriod = upload("/reconciliation/reports/stripe", HttpRequest.BodyPublishers.ofString(csv), TestTokens.OPERATOR);
        assertEquals(400, noPeriod.statusCode(), noPeriod.body());
        assertTrue(noPeriod.body().contains("periodStart is missing"), noPeriod.body());
        var warehouse = upload("/reconciliation/reports/warehouse" + PERIOD, HttpRequest.BodyPublishers.ofString(csv), TestTokens.OPERATOR);
        assertEquals(404, warehouse.statusCode(), warehouse.body());
        assertEquals(List.of(), settlementsOfThisRun());
    }
}
