package com.tally.proof.verify;

import java.util.List;

/** Every service's invariants, in the order the report lists them; a new service adds its set here. */
public final class TallyInvariants {

    private TallyInvariants() {
    }

    public static List<Invariants> all(String orderUrl) {
        return List.of(new IngestInvariants(), new OrderStreamInvariants(orderUrl));
    }
}
