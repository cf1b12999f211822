package com.tally.proof.verify;

import java.util.ArrayList;
import java.util.List;

/** One invariant over one run: how many cases it looked at, and which broke it. */
public final class Check {

    private final String invariant;
    private int checked;
    private final List<String> offenders = new ArrayList<>();

    public Check(String invariant) {
        this.invariant = invariant;
    }

    /** Counts one case; a false {@code holds} records it with {@code what} as an offender. */
    public void expect(boolean holds, String what) {
        checked++;
        if (!holds) {
            offenders.add(what);
        }
    }

    public String invariant() {
        return invariant;
    }

    public int checked() {
        return checked;
    }

    public int violations() {
        return offenders.size();
    }

    public List<String> offenders() {
        return offenders;
    }
}
