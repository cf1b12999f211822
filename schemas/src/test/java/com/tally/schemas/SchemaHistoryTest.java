package com.tally.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of every schema stays readable: the current schema is itself
 * released, is compatible with each earlier release, and really decodes data they wrote.
 */
class SchemaHistoryTest {

    /** Every topic value and every stored state; a new schema joins this list when it is released. */
    static List<Class<? extends SpecificRecord>> releasedTypes() {
        return List.of(WebhookReceived.class, WebhookRejected.class, OrderPlaced.class, PaymentEvent.class, OrderEvent.class,
                FulfillmentRequested.class, FulfillmentResult.class, FulfillmentCallback.class, RefundRequested.class, RefundResult.class,
                NotificationRequested.class, NotificationResult.class, SettlementRecord.class, LedgerEntry.class, Alert.class,
                OrderState.class, LedgerBalances.class, FulfillmentSaga.class);
    }

    private static Schema current(Class<? extends SpecificRecord> type) throws ReflectiveOperationException {
        return (Schema) type.getField("SCHEMA$").get(null);
    }

    @ParameterizedTest
    @MethodSource("releasedTypes")
    void currentSchemaIsTheLatestReleasedVersion(Class<? extends SpecificRecord> type) throws Exception {
        Schema schema = current(type);
        List<Schema> released = SchemaHistory.releasedVersions(schema.getFullName());
        assertFalse(released.isEmpty(), "no released version of " + schema.getFullName()
                + ": add schemas/src/main/resources/" + SchemaHistory.resourceName(schema.getFullName(), 1));
        assertEquals(SchemaNormalization.parsingFingerprint64(released.get(released.size() - 1)),
                SchemaNormalization.parsingFingerprint64(schema),
                schema.getFullName() + " changed since its last release: after checking it stays compatible, release it as "
                        + "schemas/src/main/resources/" + SchemaHistory.resourceName(schema.getFullName(), released.size() + 1)
                        + " (the output of " + type.getSimpleName() + ".getClassSchema().toString(true))");
    }

    @ParameterizedTest
    @MethodSource("releasedTypes")
    void currentSchemaCanReadEveryReleasedVersion(Class<? extends SpecificRecord> type) throws Exception {
        Schema schema = current(type);
        for (Schema released : SchemaHistory.releasedVersions(schema.getFullName())) {
            var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema, released);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, compatibility.getType(), compatibility.getDescription());
        }
    }

    @ParameterizedTest
    @MethodSource("releasedTypes")
    <T extends SpecificRecord> void dataWrittenWithEveryReleasedVersionDecodesThroughTheSerde(Class<T> type) throws Exception {
        Schema schema = current(type);
        AvroSerde<T> serde = AvroSerde.of(type);
        for (Schema released : SchemaHistory.releasedVersions(schema.getFullName())) {
            var written = (GenericRecord) SampleData.of(released, released.getName());
            ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(written);

            T decoded = serde.decode(toArray(bytes));

            GenericRecord readBack = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema).decode(serde.encode(decoded));
            assertCarried(written, readBack, schema.getName() + " written by " + released.getFullName());
        }
    }

    /** Every value the old writer wrote is read back unchanged, also inside nested records that gained fields since. */
    private static void assertCarried(Object written, Object readBack, String where) {
        if (written instanceof GenericRecord record) {
            var read = (GenericRecord) readBack;
            for (Schema.Field field : record.getSchema().getFields()) {
                if (read.getSchema().getField(field.name()) != null) {
                    assertCarried(record.get(field.name()), read.get(field.name()), where + ": " + field.name());
                }
            }
        } else if (written instanceof List<?> list) {
            List<?> read = (List<?>) readBack;
            assertEquals(list.size(), read.size(), where + " (size)");
            for (int i = 0; i < list.size(); i++) {
                assertCarried(list.get(i), read.get(i), where + "[" + i + "]");
            }
        } else if (written instanceof Map<?, ?> map) {
            var read = (Map<?, ?>) readBack;
            assertEquals(map.size(), read.size(), where + " (size)");
            map.forEach((key, value) -> assertCarried(value, read.get(key), where + "[" + key + "]"));
        } else {
            assertEquals(String.valueOf(written), String.valueOf(readBack), where);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Schema evolution(String file) throws IOException {
        try (InputStream in = SchemaHistoryTest.class.getResourceAsStream("/schema-history-evolution/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void newerVersionWithADefaultedFieldReadsOlderDataFillingTheDefault() throws Exception {
        Schema v1 = evolution("Payment.v1.avsc");
        Schema v2 = evolution("Payment.v2.avsc");
        var written = new GenericData.Record(v1);
        written.put("paymentId", "pay_1");
        written.put("amountMinor", 4990L);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);

        var decoder = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2);
        decoder.addSchema(v1);
        GenericRecord read = decoder.decode(bytes);

        assertEquals(SchemaCompatibilityType.COMPATIBLE, SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType());
        assertEquals("pay_1", read.get("paymentId").toString());
        assertEquals(4990L, read.get("amountMinor"));
        assertEquals("EUR", read.get("currency").toString(), "the default fills the field the old writer did not have");
    }

    @Test
    void aRejectionRecordedBeforeSummariesExistedReadsAsOneRejection() throws Exception {
        Schema v2 = SchemaHistory.releasedVersions(WebhookRejected.getClassSchema().getFullName()).get(1);
        var written = (GenericRecord) SampleData.of(v2, v2.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(written);

        WebhookRejected read = AvroSerde.of(WebhookRejected.class).decode(toArray(bytes));

        assertEquals(1L, read.getCount(), "an older record stands for the one rejection it describes");
        assertEquals(null, read.getReceivedUntil(), "and is no summary");
        assertEquals(written.get("reason").toString(), read.getReason());
    }

    @Test
    void aCallbackStatusAWarehouseAddsLaterReadsAsUnknownInsteadOfFailing() throws Exception {
        Schema later = new Schema.Parser().parse(FulfillmentCallback.getClassSchema().toString()
                .replace("\"DELIVERED\"]", "\"DELIVERED\",\"RETURNED\"]"));
        var written = (GenericRecord) SampleData.of(later, later.getName());
        written.put("status", new GenericData.EnumSymbol(later.getField("status").schema(), "RETURNED"));
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), later).encode(written);

        var decoder = new BinaryMessageDecoder<FulfillmentCallback>(SpecificData.get(), FulfillmentCallback.getClassSchema());
        decoder.addSchema(later);
        FulfillmentCallback read = decoder.decode(bytes);

        assertEquals(FulfillmentCallbackStatus.UNKNOWN, read.getStatus());
        assertEquals(written.get("webhookId").toString(), read.getWebhookId());
    }

    @Test
    void aNotificationRequestedBeforeItCarriedTheOrderReadsWithEmptyDetails() throws Exception {
        Schema v1 = SchemaHistory.releasedVersions(NotificationRequested.getClassSchema().getFullName()).get(0);
        var written = (GenericRecord) SampleData.of(v1, v1.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);

        NotificationRequested read = AvroSerde.of(NotificationRequested.class).decode(toArray(bytes));

        assertEquals(written.get("recipient").toString(), read.getRecipient());
        assertEquals(written.get("kind").toString(), read.getKind());
        assertEquals(0L, read.getAmountMinor());
        assertEquals("", read.getCurrency());
        assertEquals(List.of(), read.getItems());
        assertEquals("", read.getStatus());
    }

    @Test
    void anAttemptedNotificationResultReadsAsUnknownToAReaderOlderThanV2() throws Exception {
        Schema v1 = SchemaHistory.releasedVersions(NotificationResult.getClassSchema().getFullName()).get(0);
        Schema current = NotificationResult.getClassSchema();
        var attempted = NotificationResult.newBuilder().setEventId("e-1").setCauseEventId("req-1").setNotificationId("ntf_1")
                .setOrderId("o-1").setOutcome(NotificationOutcome.ATTEMPTED).setDetail(null).setAt(Instant.EPOCH)
                .setAttempt(1).setMessageId("<ntf_1@tally>").build();
        ByteBuffer bytes = ByteBuffer.wrap(AvroSerde.of(NotificationResult.class).encode(attempted));

        var decoder = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v1);
        decoder.addSchema(current);
        GenericRecord read = decoder.decode(bytes);

        assertEquals("UNKNOWN", read.get("outcome").toString(), "the enum default maps the symbol v1 does not know");
        assertEquals("ntf_1", read.get("notificationId").toString());
    }

    @Test
    void aNotificationResultWrittenBeforeAttemptsWereCountedReadsAsAttemptZeroWithoutMessageId() throws Exception {
        Schema v1 = SchemaHistory.releasedVersions(NotificationResult.getClassSchema().getFullName()).get(0);
        var written = (GenericRecord) SampleData.of(v1, v1.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);

        NotificationResult read = AvroSerde.of(NotificationResult.class).decode(toArray(bytes));

        assertEquals(0, read.getAttempt());
        assertNull(read.getMessageId());
        assertEquals(written.get("outcome").toString(), read.getOutcome().name());
    }

    @Test
    void aNotificationResultWrittenBeforeInDoubtResendsWereMarkedReadsAsNoResend() throws Exception {
        Schema v2 = SchemaHistory.releasedVersions(NotificationResult.getClassSchema().getFullName()).get(1);
        var written = (GenericRecord) SampleData.of(v2, v2.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(written);

        NotificationResult read = AvroSerde.of(NotificationResult.class).decode(toArray(bytes));

        assertFalse(read.getInDoubtResend());
        assertEquals(written.get("attempt"), read.getAttempt());
        assertEquals(written.get("notificationId").toString(), read.getNotificationId());
    }

    @Test
    void anInDoubtResendReadsAsAPlainAttemptToAReaderOfV2() throws Exception {
        Schema v2 = SchemaHistory.releasedVersions(NotificationResult.getClassSchema().getFullName()).get(1);
        var resend = NotificationResult.newBuilder().setEventId("e-2").setCauseEventId("req-1").setNotificationId("ntf_1")
                .setOrderId("o-1").setOutcome(NotificationOutcome.ATTEMPTED).setDetail(null).setAt(Instant.EPOCH)
                .setAttempt(2).setMessageId("<ntf_1@tally>").setInDoubtResend(true).build();
        ByteBuffer bytes = ByteBuffer.wrap(AvroSerde.of(NotificationResult.class).encode(resend));

        var decoder = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2);
        decoder.addSchema(NotificationResult.getClassSchema());
        GenericRecord read = decoder.decode(bytes);

        assertEquals("ATTEMPTED", read.get("outcome").toString());
        assertEquals(2, read.get("attempt"));
    }

    @Test
    void aSettlementRowWrittenBeforeRowsCarriedTheirReportDetailsReadsWithEmptyOnes() throws Exception {
        Schema v1 = SchemaHistory.releasedVersions(SettlementRecord.getClassSchema().getFullName()).get(0);
        var written = (GenericRecord) SampleData.of(v1, v1.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);

        SettlementRecord read = AvroSerde.of(SettlementRecord.class).decode(toArray(bytes));

        assertEquals(written.get("transactionId").toString(), read.getTransactionId());
        assertEquals("", read.getRowId());
        assertEquals("", read.getCategory());
        assertEquals(null, read.getRefundId());
        assertEquals(null, read.getPeriodStart());
        assertEquals(null, read.getPeriodEnd());
        assertEquals(0, read.getRowsInReport(), "a row of unknown report size: the reader cannot tell when the report is whole");
    }

    @Test
    void aWebhookWrittenBeforeReconciliationReadsAsDeliveredByTheProvider() throws Exception {
        Schema v1 = SchemaHistory.releasedVersions(WebhookReceived.getClassSchema().getFullName()).get(0);
        var written = (GenericRecord) SampleData.of(v1, v1.getName());
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(written);

        WebhookReceived read = AvroSerde.of(WebhookReceived.class).decode(toArray(bytes));

        assertEquals(written.get("providerEventId").toString(), read.getProviderEventId());
        assertEquals(null, read.getFoundInReport(), "no report found it: the provider delivered it");
    }

    @Test
    void newerVersionAddingAFieldWithoutDefaultIsReportedIncompatible() throws Exception {
        Schema v1 = evolution("Payment.v1.avsc");
        Schema bad = evolution("Payment.v2-incompatible.avsc");

        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(bad, v1);

        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, compatibility.getType());
    }
}
