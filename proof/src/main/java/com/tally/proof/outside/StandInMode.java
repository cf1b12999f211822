package com.tally.proof.outside;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a stand-in behaves right now. Every stand-in can be up, down and holding its answers, the
 * same way and shown the same way; its own modes (a slow warehouse, a processor that refuses)
 * come beside these.
 */
public interface StandInMode {

    String name();

    /** The mode as its answers show it: its name and its parameters. */
    Map<String, Object> describe();

    /** The mode's name first, then its parameters, as a person reads them. */
    static Map<String, Object> described(String name, Map<String, Object> parameters) {
        var described = new LinkedHashMap<String, Object>();
        described.put("mode", name);
        described.putAll(parameters);
        return described;
    }

    /** Answers every call as the system itself would. */
    interface Answering extends StandInMode {
        @Override
        default String name() {
            return "up";
        }

        @Override
        default Map<String, Object> describe() {
            return Map.of("mode", name());
        }
    }

    /** Listens to nobody: calls find no connection until it comes back up. */
    interface Outage extends StandInMode {
        /** An outage switched on over HTTP must end by itself: the endpoint that would end it is down too. */
        Duration DEFAULT_FOR = Duration.ofMinutes(1);

        /** How long until it comes back up by itself; null: until told. */
        Duration duration();

        @Override
        default String name() {
            return "down";
        }

        @Override
        default Map<String, Object> describe() {
            return described(name(), Map.of("for", duration() == null ? "until switched up" : duration().toString()));
        }

        /** @throws IllegalArgumentException unless the duration is null (until told) or positive */
        static void check(Duration duration) {
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("for must be a positive duration such as PT1M, not " + duration);
            }
        }
    }

    /** Keeps its answers until they are let go, or until the timeout. */
    interface Holding extends StandInMode {
        /** A held answer waits at most this long when the mode says nothing: long past any caller's timeout. */
        Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

        Duration timeout();

        @Override
        default String name() {
            return "hold";
        }

        @Override
        default Map<String, Object> describe() {
            return described(name(), Map.of("timeout", timeout().toString()));
        }

        /** @throws IllegalArgumentException unless the timeout is positive */
        static void check(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("hold's timeout must be a positive duration such as PT5M");
            }
        }
    }
}
