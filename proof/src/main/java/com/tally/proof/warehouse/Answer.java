package com.tally.proof.warehouse;

import java.util.Map;

/**
 * One answer of {@code POST /shipments}: a status and a JSON body. A shipment's and a rejection's
 * answer are kept under their Idempotency-Key and given again, byte for byte, to every repeat.
 */
record Answer(int status, Map<String, Object> body) {

    static Answer shipped(Shipment shipment) {
        return new Answer(201, Map.of("shipmentId", shipment.shipmentId()));
    }

    static Answer refused(int status, String reason) {
        return new Answer(status, Map.of("reason", reason));
    }
}
