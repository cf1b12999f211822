package com.tally.proof.warehouse;

import com.tally.proof.outside.ModeParameters;
import com.tally.proof.outside.StandInMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How the simulated warehouse behaves right now. One mode at a time: each is a failure a real
 * warehouse has, and a test or a person switches between them while the pipeline runs.
 */
public sealed interface WarehouseMode extends StandInMode
        permits WarehouseMode.Up, WarehouseMode.Down, WarehouseMode.Slow, WarehouseMode.Flaky, WarehouseMode.Reject, WarehouseMode.Hold {

    /** What {@code POST /warehouse/mode} takes, said in its answers and in the sandbox's banner. */
    record Usage(String mode, String query, String meaning) {
    }

    List<Usage> USAGE = List.of(
            new Usage("up", "mode=up", "accept every request: 201 with a shipment ID; a repeated Idempotency-Key gets the first answer again"),
            new Usage("down", "mode=down&for=PT1M", "close the listener, so calls find no connection, for the given time (default PT1M),"
                    + " then come up again; these endpoints are down meanwhile"),
            new Usage("slow", "mode=slow&delay=PT3S", "answer every call after the delay"),
            new Usage("flaky", "mode=flaky&percent=30", "answer that share of calls 503 before doing anything (which calls follows from the seed)"),
            new Usage("reject", "mode=reject&sku=SKU-2", "answer 422 with a reason to a new request holding that SKU (several: comma-separated)"),
            new Usage("hold", "mode=hold&timeout=PT5M", "keep every answer until POST /warehouse/release or the timeout (default PT5M);"
                    + " a repeat of a held request meanwhile gets 409"));

    Duration DEFAULT_HOLD_TIMEOUT = StandInMode.Holding.DEFAULT_TIMEOUT;
    Duration DEFAULT_DOWN_FOR = StandInMode.Outage.DEFAULT_FOR;

    static Up up() {
        return new Up();
    }

    /** Down until switched back up (in the JVM; over HTTP a duration is always given). */
    static Down down() {
        return new Down(null);
    }

    static Down down(Duration duration) {
        return new Down(duration);
    }

    static Slow slow(Duration delay) {
        return new Slow(delay);
    }

    static Flaky flaky(int percent) {
        return new Flaky(percent);
    }

    static Reject reject(String... skus) {
        return new Reject(Set.of(skus));
    }

    static Hold hold() {
        return new Hold(DEFAULT_HOLD_TIMEOUT);
    }

    static Hold hold(Duration timeout) {
        return new Hold(timeout);
    }

    record Up() implements WarehouseMode, StandInMode.Answering {
    }

    /** @param duration how long until the warehouse comes back up by itself; null: until told */
    record Down(Duration duration) implements WarehouseMode, StandInMode.Outage {
        public Down {
            StandInMode.Outage.check(duration);
        }
    }

    record Slow(Duration delay) implements WarehouseMode {
        public Slow {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("slow needs delay, a duration such as PT3S");
            }
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public Map<String, Object> describe() {
            return StandInMode.described(name(), Map.of("delay", delay.toString()));
        }
    }

    record Flaky(int percent) implements WarehouseMode {
        public Flaky {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("flaky needs percent, a whole number from 0 to 100, not " + percent);
            }
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Map<String, Object> describe() {
            return StandInMode.described(name(), Map.of("percent", percent));
        }

        /**
         * Whether this call fails: drawn from the seed, the Idempotency-Key and the key's call
         * number rather than from one shared sequence, so the same calls fail in every run with
         * the seed however the callers' threads interleave.
         */
        public boolean fails(long seed, String key, int callNumber) {
            long mixed = seed * 0x9E3779B97F4A7C15L + key.hashCode();
            mixed = mixed * 0x9E3779B97F4A7C15L + callNumber;
            return new SplittableRandom(mixed).nextInt(100) < percent;
        }
    }

    record Reject(Set<String> skus) implements WarehouseMode {
        public Reject {
            skus = Set.copyOf(skus);
            if (skus.isEmpty() || skus.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("reject needs sku, the SKU to refuse (several: comma-separated)");
            }
        }

        @Override
        public String name() {
            return "reject";
        }

        @Override
        public Map<String, Object> describe() {
            return StandInMode.described(name(), Map.of("sku", String.join(",", new TreeSet<>(skus))));
        }
    }

    record Hold(Duration timeout) implements WarehouseMode, StandInMode.Holding {
        public Hold {
            StandInMode.Holding.check(timeout);
        }
    }

    /**
     * The mode a request to {@code POST /warehouse/mode} asks for, from its query parameters or
     * its JSON fields. Throws {@link IllegalArgumentException} with what to send instead.
     */
    static WarehouseMode parse(Map<String, String> parameters) {
        var given = new ModeParameters(parameters, USAGE.stream().map(Usage::mode).toList(), "PT3S");
        return switch (given.mode()) {
            case "up" -> up();
            case "down" -> down(given.duration("for", DEFAULT_DOWN_FOR));
            case "slow" -> slow(given.duration("delay", null));
            case "flaky" -> flaky(percent(given.get("percent")));
            case "reject" -> new Reject(skus(given.get("sku")));
            case "hold" -> hold(given.duration("timeout", DEFAULT_HOLD_TIMEOUT));
            default -> throw given.noSuchMode();
        };
    }

    private static int percent(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flaky needs percent, a whole number from 0 to 100: percent=30");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percent=" + value + " is not a whole number from 0 to 100");
        }
    }

    private static Set<String> skus(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(sku -> !sku.isEmpty()).collect(Collectors.toSet());
    }
}
