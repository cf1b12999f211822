package com.tally.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads typed settings from environment variables and collects every problem, so a service
 * that is started wrongly says all that is wrong at once instead of one variable per restart.
 * The only class that looks at the environment; configs call it with {@code System.getenv()} in
 * {@code main} and with a plain map in tests.
 */
public final class Env {

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();

    private Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env of(Map<String, String> variables) {
        return new Env(Objects.requireNonNull(variables, "variables"));
    }

    /** Every variable whose name starts with {@code prefix}, by its full name. */
    public Map<String, String> withPrefix(String prefix) {
        var found = new TreeMap<String, String>();
        variables.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null && !value.isBlank()) {
                found.put(name, value.trim());
            }
        });
        return found;
    }

    public String text(String name, String fallback) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String required(String name, String meaning) {
        String value = text(name, null);
        if (value == null) {
            problems.add(name + " is not set: " + meaning);
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problems.add(name + "=" + value + " is out of range: use a whole number from " + min + " to " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(name + "=" + value + " is not a whole number: use one from " + min + " to " + max);
            return fallback;
        }
    }

    public int port(String name, int fallback) {
        return integer(name, fallback, 0, 65_535);
    }

    /** An ISO-8601 duration such as {@code PT5S} or {@code P30D}. */
    public Duration duration(String name, Duration fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative() || parsed.isZero()) {
                problems.add(name + "=" + value + " must be positive");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            problems.add(name + "=" + value + " is not an ISO-8601 duration: write it like PT5S (5 seconds) or P30D (30 days)");
            return fallback;
        }
    }

    /** A size in bytes, written plainly (262144) or with a binary unit (256KiB, 1MiB). */
    public long bytes(String name, long fallback, long min, long max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        var match = Pattern.compile("(\\d+)\\s*(KiB|MiB)?").matcher(value);
        if (!match.matches()) {
            problems.add(name + "=" + value + " is not a size: write bytes (262144) or KiB/MiB (256KiB)");
            return fallback;
        }
        long unit = match.group(2) == null ? 1 : match.group(2).equals("KiB") ? 1024 : 1024 * 1024;
        long parsed = Long.parseLong(match.group(1)) * unit;
        if (parsed < min || parsed > max) {
            problems.add(name + "=" + value + " is out of range: use " + min + " to " + max + " bytes");
        }
        return parsed;
    }

    /** Records a problem a config found itself, reported with the others by {@link #check()}. */
    public void problem(String description) {
        problems.add(description);
    }

    /** A comma-separated list, e.g. several secrets during a rotation; empty when unset. */
    public List<String> list(String name) {
        String value = text(name, "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Fails with every problem found so far, or does nothing when there was none. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Every configuration problem of a service, reported together at startup. */
    public static final class ConfigException extends IllegalStateException {
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super("the configuration has " + problems.size() + " problem(s); fix them and start again:\n  - "
                    + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
