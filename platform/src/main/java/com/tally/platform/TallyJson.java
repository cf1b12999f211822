package com.tally.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.json.JavalinJackson;

/** The one JSON mapping of every HTTP API: ISO-8601 times, records as objects. */
public final class TallyJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TallyJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JavalinJackson forJavalin() {
        return new JavalinJackson(MAPPER, false);
    }
}
