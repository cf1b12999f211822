package com.tally.proof;

import com.tally.ingest.IngestConfig;
import com.tally.ingest.IngestService;
import com.tally.order.OrderConfig;
import com.tally.order.OrderStreamApp;
import com.tally.platform.FreePort;
import com.tally.platform.KafkaConfig;
import com.tally.platform.TempDirectory;
import com.tally.platform.TopicProvisioner;
import com.tally.platform.testing.Eventually;
import com.tally.platform.testing.SharedKafka;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.stack.TallyProcesses;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** ingest-service and order-stream instances on the shared embedded broker, each started and stopped by the test. */
final class TestStack implements AutoCloseable {

    final IngestService ingest;
    final String ingestUrl;
    private final TempDirectory stateDir = TempDirectory.create("stack-ingest");

    TestStack() throws Exception {
        var env = environment(FreePort.pick(), stateDir.path());
        env.put(IngestConfig.PORT, String.valueOf(FreePort.pick()));
        var config = IngestConfig.fromEnv(env);
        TopicProvisioner.provision(config.kafka(), TopicProvisioner.tallyTopics(TallyProcesses.ORDER_STREAM.consumerGroups()));
        ingest = new IngestService(config, Clock.systemUTC());
        ingest.start();
        ingestUrl = "http://localhost:" + env.get(IngestConfig.PORT);
    }

    private static Map<String, String> environment(int orderPort, Path stateDir) {
        var callers = new HashMap<String, String>();
        callers.put(KafkaConfig.PARTITIONS, "3");
        callers.put(OrderConfig.PORT, String.valueOf(orderPort));
        callers.put(KafkaConfig.STANDBY_REPLICAS, "1");   // several instances here: each holds a standby of the other's state
        return new HashMap<>(StackEnvironment.of(callers, SharedKafka.bootstrapServers(), stateDir));
    }

    /** An order-stream instance; the same port and state directory again is a restart of the same instance. */
    static OrderStreamApp startOrderStream(int port, Path stateDir) throws Exception {
        var app = new OrderStreamApp(OrderConfig.fromEnv(environment(port, stateDir)));
        app.start();
        Eventually.await(Duration.ofSeconds(60), "order-stream on " + port + " ready", () -> Shop.get(app.url() + "/ready"),
                answer -> answer.statusCode() == 200);
        return app;
    }

    @Override
    public void close() {
        ingest.close();
        stateDir.close();
    }
}
