package com.tally.proof.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tally.platform.TallyJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulation sent and how each request was answered, as JSON lines: one {@code order}
 * line per story, then one {@code delivery} line per request once it has its final answer. The
 * verifier reads it back to know what must be true.
 */
public final class SimulationRecord implements AutoCloseable {

    /**
     * One story as recorded. {@code dropped}: every delivery of its successful charge was lost on
     * purpose ({@code simulate --drop}), so the order is owed a heal from the processor's report.
     */
    public record OrderLine(String record, String orderId, long amount, String currency, boolean webhooksFirst,
                            List<Story.Charge> charges, boolean refunded, boolean dropped) {
    }

    /**
     * One request as recorded: {@code status} is the final answer (0 when never sent because what
     * it follows failed); {@code at} when it was answered (null in records made before it was kept).
     */
    public record DeliveryLine(String record, String kind, String orderId, String eventId, String type, String transactionId,
                               boolean forged, int status, int attempts, Instant at) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    /** A whole record read back. */
    public record Run(List<OrderLine> orders, List<DeliveryLine> deliveries) {
    }

    private static final ObjectMapper JSON = TallyJson.mapper();
    private final BufferedWriter out;

    public SimulationRecord(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void story(Story story, boolean dropped) {
        write(line(story, dropped));
    }

    static OrderLine line(Story story, boolean dropped) {
        return new OrderLine("order", story.orderId(), story.amount(), story.currency(), story.webhooksFirst(), story.charges(),
                story.refunded(), dropped);
    }

    synchronized void delivery(Delivery d) {
        write(new DeliveryLine("delivery", d.kind.name().toLowerCase(), d.orderId, d.eventId, d.type, d.transactionId, d.forged,
                d.status, d.attempts, Instant.now()));
    }

    private void write(Object line) {
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    public static Run read(Path file) throws IOException {
        var orders = new ArrayList<OrderLine>();
        var deliveries = new ArrayList<DeliveryLine>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            if (JSON.readTree(line).path("record").asText().equals("order")) {
                orders.add(JSON.readValue(line, OrderLine.class));
            } else {
                deliveries.add(JSON.readValue(line, DeliveryLine.class));
            }
        }
        return new Run(orders, deliveries);
    }
}
