package com.tally.sandbox;

import com.tally.console.ConsoleApp;
import com.tally.fulfillment.FulfillmentConfig;
import com.tally.fulfillment.RefundConfig;
import com.tally.ingest.IngestConfig;
import com.tally.notification.SmtpSettings;
import com.tally.platform.Access;
import com.tally.platform.ServiceLauncher;
import com.tally.platform.TallyService;
import com.tally.platform.broker.EmbeddedKafkaBroker;
import com.tally.proof.mail.MailServer;
import com.tally.proof.processor.ProcessorMode;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.stack.StackEnvironment;
import com.tally.proof.warehouse.WarehouseMode;
import com.tally.proof.warehouse.WarehouseSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox run}: broker, topics and every service, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the embedded Kafka broker and every Tally service in this JVM; Ctrl-C stops them all.")
final class RunCommand implements Callable<Integer> {


    @Option(names = "--data-dir", defaultValue = ".tally/sandbox",
            description = "Where the broker and the stream apps keep their data across runs, and the sandbox's tokens (tokens.env)"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data of earlier runs before starting (the tokens are kept).")
    boolean fresh;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "The broker's port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--warehouse-port", defaultValue = "" + WarehouseSimulator.DEFAULT_PORT,
            description = "The warehouse simulator's port; TALLY_FULFILLMENT_URL points there unless set (default: ${DEFAULT-VALUE}).")
    int warehousePort;

    @Option(names = "--warehouse-shipped-after", defaultValue = "PT5S",
            description = "How long after accepting a shipment the warehouse reports it shipped (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration shippedAfter;

    @Option(names = "--warehouse-delivered-after", defaultValue = "PT10S",
            description = "How long after shipping it the warehouse reports it delivered (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration deliveredAfter;

    @Option(names = "--processor-port", defaultValue = "" + ProcessorSimulator.DEFAULT_PORT,
            description = "The payment processor simulator's port; TALLY_PROCESSOR_API_URL points there unless set (default: ${DEFAULT-VALUE}).")
    int processorPort;

    @Option(names = "--processor-refunded-after", defaultValue = "PT2S",
            description = "How long after making a refund the processor sends its charge.refunded webhook (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration refundedAfter;

    @Option(names = "--smtp-port", defaultValue = "" + MailServer.SANDBOX_SMTP_PORT,
            description = "The mail server's SMTP port; TALLY_SMTP_HOST and TALLY_SMTP_PORT point there unless set (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--imap-port", defaultValue = "" + MailServer.SANDBOX_IMAP_PORT,
            description = "The mail server's IMAP port, where any mail client reads what Tally sent (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        // made before the broker starts: a data directory that cannot hold them stops the run before anything is up
        var tokens = SandboxTokens.ofDataDir(dataDir);
        var components = new ArrayList<AutoCloseable>();
        var broker = EmbeddedKafkaBroker.builder()
                .port(kafkaPort)
                .dataDir(dataDir.resolve("kafka"))
                .fresh(fresh)
                .build()
                .start();
        components.add(broker);
        try {
            var callers = new HashMap<>(System.getenv());
            callers.putIfAbsent(Access.SHOP_TOKENS, tokens.shop());
            callers.putIfAbsent(Access.OPERATOR_TOKENS, tokens.operator());
            callers.putIfAbsent(FulfillmentConfig.URL, WarehouseSimulator.shipmentsUrl(warehousePort));
            callers.putIfAbsent(RefundConfig.API_URL, ProcessorSimulator.apiUrl(processorPort));
            callers.putIfAbsent(SmtpSettings.HOST, "localhost");
            callers.putIfAbsent(SmtpSettings.PORT, String.valueOf(smtpPort));
            var env = StackEnvironment.of(callers, broker.bootstrapServers(), dataDir.resolve("streams"));
            if (fresh) {
                deleteQuietly(dataDir.resolve("streams"));
            }
            var warehouse = Sandbox.warehouse(env, warehousePort, shippedAfter, deliveredAfter);
            var processor = Sandbox.processor(env, processorPort, refundedAfter);
            // first: a notification sent before its server listens would wait for a retry
            var mail = new MailServer(smtpPort, imapPort);
            var all = new ArrayList<TallyService>(List.of(mail));
            all.addAll(Sandbox.services(env, Clock.systemUTC()));
            all.add(warehouse);
            all.add(processor);
            List<TallyService> services = ServiceLauncher.startAll(all);
            components.addAll(services);
            printBanner(broker, services, warehouse, processor, mail, env, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            ServiceLauncher.closeInReverse(components);
            throw e;
        }
        ServiceLauncher.runUntilStopped(components);
        return 0;
    }

    private void printBanner(EmbeddedKafkaBroker broker, List<TallyService> services, WarehouseSimulator warehouse,
                             ProcessorSimulator processor, MailServer mail, Map<String, String> env, long millis) {
        var out = System.out;
        out.println();
        out.println("Tally sandbox is up in " + millis + " ms");
        out.printf("  %-20s %s  (data in %s)%n", "kafka", broker.bootstrapServers(), broker.dataDir());
        for (TallyService service : services) {
            out.printf("  %-20s %s%n", service.name(), service.url());
        }
        String secret = env.get(IngestConfig.STRIPE_WEBHOOK_SECRET);
        out.println("  Stripe webhook secret: " + secret
                + (StackEnvironment.DEFAULT_STRIPE_SECRET.equals(secret) ? "  (the sandbox default; set TALLY_STRIPE_WEBHOOK_SECRET to change it)" : ""));
        String standard = env.get(IngestConfig.STANDARD_WEBHOOK_SECRET);
        out.println("  Standard Webhooks secret: " + standard
                + (StackEnvironment.DEFAULT_STANDARD_SECRET.equals(standard) ? "  (the sandbox default; set TALLY_STANDARD_WEBHOOK_SECRET to change it)" : ""));
        // where the tokens are, never the tokens: a banner ends up in terminals' scrollback and in logs
        out.println("  Tokens: " + SandboxTokens.file(dataDir) + "  (a shop token and an operator token, made once for this data directory)");
        for (String list : List.of(Access.SHOP_TOKENS, Access.OPERATOR_TOKENS)) {
            if (System.getenv(list) != null && !System.getenv(list).isBlank()) {
                out.println("    " + list + " is set here: the services take it instead of the file's token");
            }
        }
        out.println("  In another terminal: source " + SandboxTokens.file(dataDir) + "  (sets $TALLY_SHOP_TOKEN and $TALLY_OPERATOR_TOKEN)");
        printWarehouse(warehouse, env);
        printProcessor(processor, env);
        printMail(mail, env);
        services.stream().filter(service -> service.name().equals(ConsoleApp.NAME)).findFirst().ifPresent(console -> {
            out.println("  Console: open " + console.url() + "/ in a browser; log in as operator, with the operator token as the password"
                    + " ($TALLY_OPERATOR_TOKEN in the tokens file)");
            out.println("    or its JSON: curl -H \"Authorization: Bearer $TALLY_OPERATOR_TOKEN\" " + console.url() + "/api/lag");
        });
        out.println("Try it: README.md, \"A short tour\". Ctrl-C stops everything.");
        out.println();
        out.flush();
    }

    /** Where the warehouse is and how to make it fail, as lines to paste into another terminal. */
    private void printWarehouse(WarehouseSimulator warehouse, Map<String, String> env) {
        var out = System.out;
        out.println("  Warehouse: fulfillment calls " + env.get(FulfillmentConfig.URL) + " (" + FulfillmentConfig.URL + ");"
                + " the simulator reports each shipment shipped " + shippedAfter + " after accepting it and delivered "
                + deliveredAfter + " later, to " + warehouse.callbackUrl());
        String secret = env.get(IngestConfig.WAREHOUSE_WEBHOOK_SECRET);
        out.println("  Warehouse callback secret: " + secret + (WarehouseSimulator.WAREHOUSE_SECRET.equals(secret)
                ? "  (the sandbox default; set " + IngestConfig.WAREHOUSE_WEBHOOK_SECRET + " to change it)" : ""));
        out.println("  Make the warehouse fail (GET " + warehouse.url() + "/warehouse/mode says more):");
        for (WarehouseMode.Usage usage : WarehouseMode.USAGE) {
            out.printf("    curl -X POST '%s/warehouse/mode?%s'%n        %s%n", warehouse.url(), usage.query(), usage.meaning());
        }
        out.printf("    curl -X POST %s/warehouse/release%n        let the held answers go%n", warehouse.url());
        out.printf("    curl '%s/warehouse/shipments?orderId=o-1'%n        calls, request IDs and shipments of one order (without orderId: the totals)%n",
                warehouse.url());
    }

    /** Where refunds go and how to make the processor fail, as lines to paste into another terminal. */
    private void printProcessor(ProcessorSimulator processor, Map<String, String> env) {
        var out = System.out;
        out.println("  Processor: refunds go to " + env.get(RefundConfig.API_URL) + "/v1/refunds (" + RefundConfig.API_URL + "), which sends"
                + " charge.refunded to ingest " + refundedAfter + " after each refund; it refunds the charges send-webhook and simulate"
                + " told it of");
        out.println("  Make the processor fail (GET " + processor.url() + "/processor/mode says more):");
        for (ProcessorMode.Usage usage : ProcessorMode.USAGE) {
            out.printf("    curl -X POST '%s/processor/mode?%s'%n        %s%n", processor.url(), usage.query(), usage.meaning());
        }
        out.printf("    curl '%s/processor/refunds?orderId=o-1'%n        calls, refund IDs and refunds of one order (without orderId: the totals)%n",
                processor.url());
    }

    /** Where the e-mail goes and how to read it, with any mail client or from the command line. */
    private void printMail(MailServer mail, Map<String, String> env) {
        var out = System.out;
        boolean here = "localhost".equals(env.get(SmtpSettings.HOST)) && String.valueOf(mail.smtpPort()).equals(env.get(SmtpSettings.PORT));
        out.println("  Mail: notification-stream sends to " + env.get(SmtpSettings.HOST) + ":" + env.get(SmtpSettings.PORT) + " (" + SmtpSettings.HOST + ", " + SmtpSettings.PORT + ")"
                + (here ? ", this sandbox's mail server, which keeps every e-mail in memory until it stops"
                        : "; this sandbox's mail server listens on SMTP port " + mail.smtpPort() + " and gets none of it"));
        out.println("  Read what was sent with any IMAP client: host localhost, port " + mail.imapPort()
                + ", no TLS, login and password both the recipient's address (a mailbox exists from its first e-mail); or:");
        out.printf("    ./tally mail --to ada@example.com%s   (the tour's buyer; ./tally simulate's are customer-0 to customer-15@example.com)%n", mail.imapPort() == MailServer.SANDBOX_IMAP_PORT ? "" : " --imap-port " + mail.imapPort());
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // nothing there yet
        }
    }
}
