package com.tally.proof.processor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the simulated processor behaves right now. One mode at a time: each is a way a real
 * processor's refund API lets a dispatcher down, and a test or a person switches between them
 * while the pipeline runs.
 */
public sealed interface ProcessorMode
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

    /** A held answer waits at most this long when the mode says nothing: long past any caller's timeout. */
    Duration DEFAULT_HOLD_TIMEOUT = Duration.ofMinutes(5);
    /** An outage switched on over HTTP must end by itself: the endpoint that would end it is down too. */
    Duration DEFAULT_DOWN_FOR = Duration.ofMinutes(1);
    int DEFAULT_FAIL_STATUS = 500;
    Set<Integer> FAIL_STATUSES = Set.of(429, 500, 502, 503);
    int DEFAULT_REFUSE_STATUS = 402;
    Set<Integer> REFUSE_STATUSES = Set.of(400, 402);
    String DEFAULT_REFUSAL = "Insufficient funds in the Stripe account to cover this refund (simulated: refuse mode):"
            + " top up the balance, or refund the customer another way";

    String name();

    /** The mode as its answers show it: its name and its parameters. */
    Map<String, Object> describe();

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

    record Up() implements ProcessorMode {
        @Override
        public String name() {
            return "up";
        }

        @Override
        public Map<String, Object> describe() {
            return described(name());
        }
    }

    /** @param duration how long until the processor comes back up by itself; null: until told */
    record Down(Duration duration) implements ProcessorMode {
        public Down {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("for must be a positive duration such as PT1M, not " + duration);
            }
        }

        @Override
        public String name() {
            return "down";
        }

        @Override
        public Map<String, Object> describe() {
            return described(name(), Map.of("for", duration == null ? "until switched up" : duration.toString()));
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
            return described(name(), Map.of("status", status));
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
            return described(name(), parameters);
        }
    }

    record Hold(Duration timeout) implements ProcessorMode {
        public Hold {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("hold's timeout must be a positive duration such as PT5M");
            }
        }

        @Override
        public String name() {
            return "hold";
        }

        @Override
        public Map<String, Object> describe() {
            return described(name(), Map.of("timeout", timeout.toString()));
        }
    }

    private static Map<String, Object> described(String name) {
        return Map.of("mode", name);
    }

    /** The mode's name first, then its parameters, as a person reads them. */
    private static Map<String, Object> described(String name, Map<String, Object> parameters) {
        var described = new LinkedHashMap<String, Object>();
        described.put("mode", name);
        described.putAll(parameters);
        return described;
    }

    /**
     * The mode a request to {@code POST /processor/mode} asks for, from its query parameters or
     * its JSON fields. Throws {@link IllegalArgumentException} with what to send instead.
     */
    static ProcessorMode parse(Map<String, String> parameters) {
        String mode = parameters.get("mode");
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("say which mode: mode=" + names());
        }
        return switch (mode.trim().toLowerCase()) {
            case "up" -> up();
            case "down" -> down(duration(parameters, "for", DEFAULT_DOWN_FOR));
            case "fail" -> fail(status(parameters, DEFAULT_FAIL_STATUS));
            case "refuse" -> {
                String message = parameters.get("message");
                yield refuse(status(parameters, DEFAULT_REFUSE_STATUS), message == null || message.isBlank() ? DEFAULT_REFUSAL : message);
            }
            case "hold" -> hold(duration(parameters, "timeout", DEFAULT_HOLD_TIMEOUT));
            default -> throw new IllegalArgumentException("there is no mode " + mode + ": use one of " + names());
        };
    }

    private static String names() {
        return USAGE.stream().map(Usage::mode).collect(Collectors.joining("|"));
    }

    private static Duration duration(Map<String, String> parameters, String name, Duration fallback) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not an ISO-8601 duration: write it as PT1M, or PT0.5S for half a second");
        }
    }

    private static int status(Map<String, String> parameters, int fallback) {
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
