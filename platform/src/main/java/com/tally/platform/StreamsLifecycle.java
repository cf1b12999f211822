package com.tally.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka Streams instance: started, measured, asked about readiness and closed the same way in every stream app. */
public final class StreamsLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);

    private final String applicationId;
    private final TopologyDescription topology;
    private final Properties settings;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    public StreamsLifecycle(Topology topology, Properties settings, MeterRegistry registry) {
        this.applicationId = settings.getProperty("application.id");
        this.topology = topology.describe();
        this.settings = settings;
        this.streams = new KafkaStreams(topology, settings);
        this.metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.setUncaughtExceptionHandler(e -> {
            // a record's own error goes to the dead-letter topic; what reaches here is not about one
            // record (the broker, the state directory): stop, keep the offsets, let a person look
            log.error("{} stopped on an error that is not about one record (failed records are in {}.dlq). Fix the cause"
                    + " and restart: processing resumes from the last committed record", applicationId, applicationId, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    public void start() {
        RepartitionTopics.create(topology, settings);
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Readiness readiness() {
        return () -> {
            KafkaStreams.State state = streams.state();
            return state == KafkaStreams.State.RUNNING
                    ? Readiness.Status.ready(applicationId + " is RUNNING")
                    : Readiness.Status.notReady(applicationId + " is " + state);
        };
    }

    @Override
    public void close() {
        // leave the group: a restarted or surviving instance takes the partitions over at once
        // instead of waiting out the session timeout of a member that is gone
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
    }
}
