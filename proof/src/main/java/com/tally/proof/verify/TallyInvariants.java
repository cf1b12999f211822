package com.tally.proof.verify;

import java.util.List;

/** Every service's invariants, in the order the report lists them; a new service adds its set here. */
public final class TallyInvariants {

    private TallyInvariants() {
    }

    /** @param operatorToken what the invariants that query a service present; none of them places anything */
    public static List<Invariants> all(String orderUrl, String operatorToken) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl, operatorToken));
    }
}
