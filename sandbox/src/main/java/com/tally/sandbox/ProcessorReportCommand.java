package com.tally.sandbox;

import com.tally.platform.TallyJson;
import com.tally.proof.processor.OrderRefunds;
import com.tally.proof.processor.ProcessorSimulator;
import com.tally.proof.sim.ProcessorReport;
import com.tally.proof.sim.SimulationRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandbox processor-report}: the simulated processor's own records of a simulation, as Stripe exports them. */
@Command(name = "processor-report", mixinStandardHelpOptions = true,
        description = {"Write the Stripe itemized payout reconciliation report (payout_reconciliation.itemized, CSV) of everything the",
                "simulated processor charged and refunded in a `sandbox simulate` run: every successful charge of the record's stories,",
                "those whose webhooks were dropped included, the stories' own refunds, and the refunds Tally asked the processor",
                "simulator for (compensations). Upload it with `sandbox reconcile FILE`."})
final class ProcessorReportCommand implements Callable<Integer> {

    @Option(names = "--record", defaultValue = "sim-record.jsonl", description = "The simulation's record (default: ${DEFAULT-VALUE}).")
    Path record;

    @Option(names = "--out", defaultValue = "processor-report.csv", description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--processor-url", defaultValue = "http://localhost:" + ProcessorSimulator.DEFAULT_PORT,
            description = "The processor simulator, asked for the refunds Tally requested; none: report the record's charges and refunds"
                    + " only (default: ${DEFAULT-VALUE}).")
    String processorUrl;

    @Override
    public Integer call() throws Exception {
        var run = SimulationRecord.read(record);
        var refunds = "none".equals(processorUrl) ? List.<ProcessorReport.Refund>of() : processorRefunds(run);
        var rows = ProcessorReport.rows(run, refunds, Files.getLastModifiedTime(record).toInstant());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (var writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            ProcessorReport.write(rows, writer);
        }
        long dropped = run.orders().stream().filter(SimulationRecord.OrderLine::dropped).count();
        System.out.printf("wrote %s: %,d rows %s, %,d of the charges' webhooks dropped by the simulation%n", out, rows.size(),
                ProcessorReport.countsByCategory(rows), dropped);
        return 0;
    }

    /** The refunds the processor simulator made at Tally's request, per order of the run. */
    private List<ProcessorReport.Refund> processorRefunds(SimulationRecord.Run run) throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var refunds = new ArrayList<ProcessorReport.Refund>();
        for (var order : run.orders()) {
            var request = HttpRequest.newBuilder(URI.create(processorUrl + "/processor/refunds?orderId="
                    + URLEncoder.encode(order.orderId(), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException down) {
                throw new IllegalStateException("the processor simulator at " + processorUrl + " does not answer (" + down
                        + "): start the sandbox with `./tally run`, or pass --processor-url none to report the record's charges only");
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the processor simulator at " + processorUrl + " answered GET /processor/refunds with "
                        + answer.statusCode() + ": " + answer.body());
            }
            for (var requested : TallyJson.mapper().readValue(answer.body(), OrderRefunds.class).requests()) {
                for (var refund : requested.refunds()) {
                    refunds.add(new ProcessorReport.Refund(refund.refundId(), refund.paymentIntent(), order.orderId(), refund.amount(),
                            refund.currency(), refund.createdAt()));
                }
            }
        }
        return refunds;
    }
}
