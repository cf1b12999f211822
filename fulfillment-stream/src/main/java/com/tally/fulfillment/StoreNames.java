package com.tally.fulfillment;

/** fulfillment-stream's state stores; their names are also part of their changelog topics' names. */
final class StoreNames {

    /** Order ID → its saga. */
    static final String SAGAS = "fulfillment-sagas";
    /** {@code <deadline millis, 13 digits>/<order ID>} → order ID: the sagas by deadline, so the punctuator reads only what is due. */
    static final String DEADLINES = "fulfillment-deadlines";

    private StoreNames() {
    }
}
