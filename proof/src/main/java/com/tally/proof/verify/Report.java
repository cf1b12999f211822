package com.tally.proof.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The verifier's answer: every invariant with its counts; it holds when no check has a violation and each checked something. */
public record Report(List<Check> checks) {

    /** This report with one more invariant checked elsewhere (the chaos run's own). */
    public Report with(Check check) {
        var all = new ArrayList<>(checks);
        all.add(check);
        return new Report(List.copyOf(all));
    }

    public boolean holds() {
        return checks.stream().allMatch(c -> c.violations() == 0 && c.checked() > 0);
    }

    public Check check(String invariant) {
        return checks.stream().filter(c -> c.invariant().equals(invariant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no invariant " + invariant));
    }

    public void print(PrintStream out) {
        int width = checks.stream().mapToInt(c -> c.invariant().length()).max().orElse(10);
        out.printf("%-" + width + "s | %9s | %10s%n", "invariant", "checked", "violations");
        out.println("-".repeat(width) + "-|-----------|-----------");
        for (Check check : checks) {
            out.printf("%-" + width + "s | %,9d | %,10d%s%n", check.invariant(), check.checked(), check.violations(),
                    check.checked() == 0 ? "   (nothing to check: the run did not exercise it)" : "");
        }
        for (Check check : checks) {
            if (check.violations() > 0) {
                out.println();
                out.println(check.invariant() + ", first offenders:");
                check.offenders().stream().limit(5).forEach(o -> out.println("  " + o));
            }
        }
        out.println();
        out.println(holds() ? "every invariant held" : "INVARIANTS VIOLATED (or not exercised): see above");
    }
}
