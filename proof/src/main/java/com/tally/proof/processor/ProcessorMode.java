package com.tally.proof.processor;

import com.tally.proof.outside.ModeParameters;
import com.tally.proof.outside.StandInMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the simulated processor behaves right now. One mode at a time: each is a way a real
 * processor's refund API lets a dispatcher down, and a test or a person switches between them
 * while the pipeline runs.
 */
public sealed interface ProcessorMode extends StandInMode
        permits ProcessorMode.Up, ProcessorMode.Down, ProcessorMode.Fail, ProcessorMode.Refuse, ProcessorMode.Hold {

    /** What {@code POST /processor/mode} takes, said in its answers and in the sandbox's banner. */
    record Usage(String mode, String query, String meaning) {
    }

    List<Usage> USAGE = List.of(
            new Usage("up", "mode=up", "make every refund asked for: 200 with the refund; a repeated Idempotency-Key gets the first answer again"),
            new Usage("down", "mode=down&for=PT1M", "close the listener, so calls find no connection, for the given time (default PT1M),"
                    + " then come up again; these endpoints are down meanwhile"),
            new Usage("fail", "mode=fail&status=500", "answer every refund call that status (429, 500, 502 or 503; default 500) before doing"
                    + " anything: no refund, nothing kept for the key"),
            new Usage("refuse", "mode=refuse&status=402&message=...", "refuse a new refund with that status (400 or 402; default 402) and"
                    + " message; the refusal is kept for its key"),
            new Usage("hold", "mode=hold&timeout=PT5M", "make a new refund at once but keep its answer until POST /processor/release,"
                    + " a switch out of hold, or the timeout (default PT5M); a repeat of its key meanwhile gets 409"));

    Duration DEFAULT_HOLD_TIMEOUT = StandInMode.Holding.DEFAULT_TIMEOUT;
    Duration DEFAULT_DOWN_FOR = StandInMode.Outage.DEFAULT_FOR;
    int DEFAULT_FAIL_STATUS = 500;
    Set<Integer> FAIL_STATUSES = Set.of(429, 500, 502, 503);
    int DEFAULT_REFUSE_STATUS = 402;
    Set<Integer> REFUSE_STATUSES = Set.of(400, 402);
    String DEFAULT_REFUSAL = "Insufficient funds in the Stripe account to cover this refund (simulated: refuse mode):"
            + " top up the balance, or refund the customer another way";

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

    static Fail fail(int status) {
        return new Fail(status);
    }

    static Refuse refuse() {
        return new Refuse(DEFAULT_REFUSE_STATUS, DEFAULT_REFUSAL);
    }

    static Refuse refuse(int status, String message) {
        return new Refuse(status, message);
    }

    static Hold hold() {
        return new Hold(DEFAULT_HOLD_TIMEOUT);
    }

    static Hold hold(Duration timeout) {
        return new Hold(timeout);
    }

    record Up() implements ProcessorMode, StandInMode.Answering {
    }

    /** @param duration how long until the processor comes back up by itself; null: until told */
    record Down(Duration duration) implements ProcessorMode, StandInMode.Outage {
        public Down {
            StandInMode.Outage.check(duration);
        }
    }

    /** @param status what every refund call is answered: a rate limit or a server error, each one Stripe gives */
    record Fail(int status) implements ProcessorMode {
        public Fail {
            if (!FAIL_STATUSES.contains(status)) {
                throw new IllegalArgumentException("fail's status must be one of 429, 500, 502, 503, not " + status);
            }
        }

        @Override
        public String name() {
            return "fail";
        }

        @Override
        public Map<String, Object> describe() {
            return StandInMode.described(name(), Map.of("status", status));
        }
    }

    /** @param message what the refusal says, which the dispatcher puts in its result and its alert */
    record Refuse(int status, String message) implements ProcessorMode {
        public Refuse {
            if (!REFUSE_STATUSES.contains(status)) {
                throw new IllegalArgumentException("refuse's status must be 400 or 402, not " + status);
            }
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("refuse's message must say why the refund is refused");
            }
        }

        @Override
        public String name() {
            return "refuse";
        }

        @Override
        public Map<String, Object> describe() {
            var parameters = new LinkedHashMap<String, Object>();
            parameters.put("status", status);
            parameters.put("message", message);
            return StandInMode.described(name(), parameters);
        }
    }

    record Hold(Duration timeout) implements ProcessorMode, StandInMode.Holding {
        public Hold {
            StandInMode.Holding.check(timeout);
        }
    }

    /**
     * The mode a request to {@code POST /processor/mode} asks for, from its query parameters or
     * its JSON fields. Throws {@link IllegalArgumentException} with what to send instead.
     */
    static ProcessorMode parse(Map<String, String> parameters) {
        var given = new ModeParameters(parameters, USAGE.stream().map(Usage::mode).toList(), "PT1M");
        return switch (given.mode()) {
            case "up" -> up();
            case "down" -> down(given.duration("for", DEFAULT_DOWN_FOR));
            case "fail" -> fail(status(given, DEFAULT_FAIL_STATUS));
            case "refuse" -> {
                String message = given.get("message");
                yield refuse(status(given, DEFAULT_REFUSE_STATUS), message == null || message.isBlank() ? DEFAULT_REFUSAL : message);
            }
            case "hold" -> hold(given.duration("timeout", DEFAULT_HOLD_TIMEOUT));
            default -> throw given.noSuchMode();
        };
    }

    private static int status(ModeParameters parameters, int fallback) {
        String value = parameters.get("status");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status=" + value + " is not an HTTP status such as " + fallback);
        }
    }
}
