package com.tally.ingest.reconciliation;

import com.tally.platform.KafkaConfig;
import com.tally.platform.KafkaDefaults;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.EventIds;
import com.tally.schemas.PaymentKind;
import com.tally.schemas.SettlementRecord;
import com.tally.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Appends a spooled report to {@code payments.settlements} in one Kafka transaction: a reader
 * (read_committed) sees every row of the report or none. One {@link SettlementRecord} per row,
 * keyed by transaction ID, so a row lands in the partition of the webhooks for the same payment.
 *
 * <p>Every report goes through one transactional ID, and one report at a time per instance. A
 * producer is made for each report: its start aborts a transaction a crashed upload left open,
 * which would otherwise hold back every read_committed reader of the topic until its timeout.
 * Two instances appending at once fence each other; the one fenced answers 503 and is retried.
 */
public final class SettlementAppender {

    static final String TRANSACTIONAL_ID = "ingest-service-reconciliation";

    /** A report's transaction may stay open this long before the broker aborts it, however small it is. */
    static final Duration BASE_TIMEOUT = Duration.ofMinutes(1);

    /** And this much longer per row, far more than an append of one row takes. */
    static final Duration PER_ROW = Duration.ofNanos(500_000);

    /** The broker's default transaction.max.timeout.ms: a longer timeout is refused by the broker. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    private static final AvroSerde<SettlementRecord> SERDE = AvroSerde.of(SettlementRecord.class);

    private final KafkaConfig kafka;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    public SettlementAppender(KafkaConfig kafka) {
        this.kafka = kafka;
    }

    /** What was appended: rows per kind. */
    public record Appended(int rows, Map<PaymentKind, Integer> perKind) {
        public int of(PaymentKind kind) {
            return perKind.getOrDefault(kind, 0);
        }
    }

    /** Another report is being appended by this instance. */
    public static final class Busy extends Exception {
        Busy() {
            super("another report is being appended");
        }
    }

    static Duration transactionTimeout(int rows) {
        Duration sized = BASE_TIMEOUT.plus(PER_ROW.multipliedBy(rows));
        return sized.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : sized;
    }

    /**
     * Appends every row of {@code spooled} but the repeats it skips, committing once.
     *
     * @throws Busy when this instance is appending another report
     * @throws KafkaException when the transaction failed (it is aborted: nothing was appended)
     *                        or its commit was not confirmed (it may have been)
     */
    public Appended append(ReportSpool.Spooled spooled, String provider, String reportId, ReportPeriod period)
            throws Busy, IOException {
        if (!oneAtATime.tryLock()) {
            throw new Busy();
        }
        try (var producer = new KafkaProducer<byte[], byte[]>(settings(spooled.rows()))) {
            producer.initTransactions();
            producer.beginTransaction();
            var perKind = new EnumMap<PaymentKind, Integer>(PaymentKind.class);
            try {
                spooled.forEachRow(row -> {
                    var record = record(row, provider, reportId, period, spooled.rows());
                    producer.send(new ProducerRecord<>(Topics.SETTLEMENTS, row.transactionId().getBytes(StandardCharsets.UTF_8),
                            SERDE.encode(record)));
                    perKind.merge(row.kind(), 1, Integer::sum);
                });
                producer.commitTransaction();
            } catch (ProducerFencedException fenced) {
                throw fenced;   // another instance took the transactional ID: this producer may not even abort
            } catch (KafkaException | IOException failed) {
                abortQuietly(producer, failed);
                throw failed;
            }
            return new Appended(perKind.values().stream().mapToInt(Integer::intValue).sum(), Map.copyOf(perKind));
        } finally {
            oneAtATime.unlock();
        }
    }

    /** The record for one row: every field derived from the report, so the same report gives the same records. */
    static SettlementRecord record(ReportRow row, String provider, String reportId, ReportPeriod period, int rowsInReport) {
        return SettlementRecord.newBuilder()
                .setEventId(EventIds.derived(reportId, "row/" + row.rowId()))
                .setProvider(provider)
                .setReportId(reportId)
                .setTransactionId(row.transactionId())
                .setOrderId(row.orderId())
                .setKind(row.kind())
                .setAmountMinor(row.amountMinor())
                .setCurrency(row.currency())
                .setSettledAt(row.settledAt())
                .setRowId(row.rowId())
                .setRefundId(row.refundId())
                .setCategory(row.category())
                .setPeriodStart(period.start())
                .setPeriodEnd(period.end())
                .setRowsInReport(rowsInReport)
                .build();
    }

    private Properties settings(int rows) {
        var settings = KafkaDefaults.transactionalProducer(kafka, "ingest-service-reconciliation", TRANSACTIONAL_ID);
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout(rows).toMillis());
        // a report is a bulk append: full batches, and less buffered than the default so a large report fits a small heap
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024);
        return settings;
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer, Exception cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            cause.addSuppressed(abortFailed);   // the broker aborts it at the transaction timeout, or the next report's start does
        }
    }
}
