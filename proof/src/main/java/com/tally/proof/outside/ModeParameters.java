package com.tally.proof.outside;

import com.fasterxml.jackson.databind.JsonNode;
import com.tally.platform.TallyJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request to switch a stand-in's mode says, by name: the mode and its parameters. Its
 * refusals are {@link IllegalArgumentException}s that say what to send instead.
 */
public final class ModeParameters {

    private final Map<String, String> values;
    private final List<String> modes;
    private final String durationExample;

    /**
     * @param modes           the names of the modes there are, as a refusal lists them
     * @param durationExample a duration a refusal shows as the way to write one, e.g. {@code PT3S}
     */
    public ModeParameters(Map<String, String> values, List<String> modes, String durationExample) {
        this.values = values;
        this.modes = modes;
        this.durationExample = durationExample;
    }

    /**
     * A request's query parameters and, when it has a body, the fields of its JSON object.
     *
     * @param exampleBody a body a refusal shows as the way to write one
     */
    public static Map<String, String> read(Context ctx, String exampleBody) {
        var parameters = new HashMap<String, String>();
        ctx.queryParamMap().forEach((name, values) -> parameters.put(name, values.get(0)));
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            JsonNode json;
            try {
                json = TallyJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("the body is not JSON: send " + exampleBody + ", or query parameters");
            }
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object such as " + exampleBody);
            }
            json.fields().forEachRemaining(field -> parameters.put(field.getKey(), field.getValue().asText()));
        }
        return parameters;
    }

    /** The mode asked for, trimmed and in lower case. */
    public String mode() {
        String mode = values.get("mode");
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("say which mode: mode=" + names());
        }
        return mode.trim().toLowerCase();
    }

    /** The refusal of a mode that {@link #mode()} named but there is not. */
    public IllegalArgumentException noSuchMode() {
        return new IllegalArgumentException("there is no mode " + values.get("mode") + ": use one of " + names());
    }

    private String names() {
        return String.join("|", modes);
    }

    /** A parameter as it was sent; null when it was not. */
    public String get(String name) {
        return values.get(name);
    }

    /** An ISO-8601 duration, or the fallback when the parameter is missing or blank. */
    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not an ISO-8601 duration: write it as " + durationExample
                    + ", or PT0.5S for half a second");
        }
    }
}
