package com.tally.ingest.reconciliation;

import com.tally.schemas.PaymentKind;
import java.util.List;

/** How one kind of report names its columns and what each row means in Tally's terms. */
interface ReportFormat {

    /** What the format is called in answers and docs. */
    String name();

    /** Columns the header must have (in any order, among any others). */
    List<String> requiredColumns();

    /** The row, or every reason it is bad. */
    Reading read(RowFields row);

    sealed interface Reading {
    }

    record Good(ReportRow row) implements Reading {
    }

    record Bad(List<String> reasons) implements Reading {
        public Bad {
            reasons = List.copyOf(reasons);
        }
    }

    /** The kind a category is reconciled as: charge, refund and dispute; anything else is kept but ignored. */
    static PaymentKind kindOf(String category) {
        return switch (category) {
            case "charge" -> PaymentKind.SUCCEEDED;
            case "refund" -> PaymentKind.REFUNDED;
            case "dispute" -> PaymentKind.DISPUTED;
            default -> PaymentKind.UNSUPPORTED;
        };
    }
}
