package com.tally.platform;

/** The start/stop contract every Tally app keeps, so one launcher runs any of them, alone or together. */
public interface TallyService extends AutoCloseable {

    String name();

    /** Starts serving; returns once the service's HTTP port is bound. */
    void start();

    /** Where the service answers, for the startup banner. */
    String url();

    /** Stops gracefully: in-flight work finishes or is handed back to Kafka. Idempotent. */
    @Override
    void close();
}
