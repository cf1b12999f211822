package com.tally.ingest.reconciliation;

import com.tally.schemas.PaymentKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * One validated row of a processor's report, in Tally's terms, whatever the report's format.
 * The amount is positive whatever the report's sign: the kind says which way the money went,
 * as it does on a webhook. {@code orderId} and {@code refundId} may be null.
 */
public record ReportRow(String rowId, Instant settledAt, String transactionId, String orderId, PaymentKind kind,
                        String category, String currency, long amountMinor, String refundId) {

    public ReportRow {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(settledAt, "settledAt");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amountMinor " + amountMinor + " is negative: the kind carries the direction");
        }
    }

    /** Writes every field, so two rows with the same encoding have the same figures. */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(rowId);
        out.writeLong(settledAt.toEpochMilli());
        out.writeUTF(transactionId);
        writeOptional(out, orderId);
        out.writeByte(kind.ordinal());
        out.writeUTF(category);
        out.writeUTF(currency);
        out.writeLong(amountMinor);
        writeOptional(out, refundId);
    }

    static ReportRow readFrom(DataInput in) throws IOException {
        return new ReportRow(in.readUTF(), Instant.ofEpochMilli(in.readLong()), in.readUTF(), readOptional(in),
                PaymentKind.values()[in.readByte()], in.readUTF(), in.readUTF(), in.readLong(), readOptional(in));
    }

    private static void writeOptional(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readOptional(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
