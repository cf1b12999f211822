package com.tally.sandbox;

import com.tally.platform.KafkaConfig;
import com.tally.proof.mail.Inbox;
import com.tally.proof.mail.MailServer;
import com.tally.proof.sim.SimulationRecord;
import com.tally.proof.verify.Report;
import com.tally.proof.verify.TallyInvariants;
import com.tally.proof.verify.Verifier;
import com.tally.proof.verify.VerifyTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox verify}: checks a simulated run against the topics, the services' queries and the warehouse simulator's counts. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Wait until no transaction is open and every stream app and dispatcher has caught up, then check the invariants",
                "of a simulated run (a `sandbox simulate` record) against the topics (read_committed), the queries of order-stream",
                "fulfillment-stream and notification-stream, the warehouse simulator's shipment counts, the processor simulator's",
                "refund counts and the e-mails in the recipients' inboxes (IMAP).",
                "Prints invariant x checked x violations and exits 1 on any violation.",
                "Queries with TALLY_OPERATOR_TOKEN, else the operator token in .tally/sandbox/tokens.env."})
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--record", defaultValue = "sim-record.jsonl", description = "The simulation's record (default: ${DEFAULT-VALUE}).")
    Path record;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--order-url", defaultValue = "http://localhost:8081", description = "order-stream (default: ${DEFAULT-VALUE}).")
    String orderUrl;

    @Option(names = "--fulfillment-url", defaultValue = "http://localhost:8082", description = "fulfillment-stream (default: ${DEFAULT-VALUE}).")
    String fulfillmentUrl;

    @Option(names = "--warehouse-url", defaultValue = "http://localhost:8091",
            description = "The warehouse simulator, which counts shipments per request ID; `none` for a real warehouse (default: ${DEFAULT-VALUE}).")
    String warehouseUrl;

    @Option(names = "--processor-url", defaultValue = "http://localhost:8092",
            description = "The processor simulator, which counts refunds per refund ID; `none` for a real processor (default: ${DEFAULT-VALUE}).")
    String processorUrl;

    @Option(names = "--notification-url", defaultValue = "http://localhost:8083",
            description = "notification-stream; `none` checks no e-mail, for a stack without it (default: ${DEFAULT-VALUE}).")
    String notificationUrl;

    @Option(names = "--imap-host", defaultValue = "localhost", description = "The IMAP server the e-mails went to (default: ${DEFAULT-VALUE}).")
    String imapHost;

    @Option(names = "--imap-port", defaultValue = "" + MailServer.SANDBOX_IMAP_PORT, description = "Its port (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for the log to settle (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        // the services' Kafka settings (TALLY_KAFKA_<PROPERTY>, TALLY_KAFKA_CONFIG_FILE), with the brokers named here
        var env = new HashMap<>(System.getenv());
        env.put(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        var invariants = TallyInvariants.all(new VerifyTargets(orderUrl, fulfillmentUrl, "none".equals(warehouseUrl) ? null : warehouseUrl,
                "none".equals(processorUrl) ? null : processorUrl, "none".equals(notificationUrl) ? null : notificationUrl, new Inbox(imapHost, imapPort),
                SandboxTokens.operatorToken(System.getenv())));
        Report report = new Verifier(KafkaConfig.fromEnv(env), invariants, System.out::println).verify(SimulationRecord.read(record), timeout);
        report.print(System.out);
        return report.holds() ? 0 : 1;
    }
}
