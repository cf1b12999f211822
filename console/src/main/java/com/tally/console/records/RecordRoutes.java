package com.tally.console.records;

import com.tally.platform.Access;
import com.tally.platform.dispatch.DeadLetters;
import com.tally.schemas.Alert;
import com.tally.schemas.AvroSerde;
import com.tally.schemas.Topics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What operators read of Kafka on the console, operators only: the latest alerts of
 * {@code ops.alerts}, filterable by kind ({@code GET /api/alerts}), and every app's dead-letter
 * topic with its newest entries and their error headers ({@code GET /api/dead-letters}).
 */
public final class RecordRoutes {

    /** How many of the newest alerts a kind is looked for among. */
    static final int ALERTS_SCANNED = 1_000;
    static final int DEFAULT_LIMIT = 50;
    static final int DEFAULT_DEAD_LETTERS = 5;
    private static final int MAX_LIMIT = 500;

    /** One alert as the page shows it. */
    public record AlertView(Instant at, String kind, String severity, String subject, String detail, String eventId, String causeEventId) {
    }

    /** One dead letter: where it came from and why it could not be handled, from the headers every Tally app writes. */
    public record DeadLetterView(Instant at, int partition, long offset, String key, String exception, String message, String fromTopic,
                                 String fromPartition, String fromOffset) {
    }

    /** One app's dead-letter topic. */
    public record DeadLetterTopic(String topic, long records, List<DeadLetterView> newest) {
    }

    private final TopicTail tail;
    private final Access access;
    private final AvroSerde<Alert> alerts = AvroSerde.of(Alert.class);

    public RecordRoutes(TopicTail tail, Access access) {
        this.tail = tail;
        this.access = access;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/alerts", access.operator(this::alerts));
        config.routes.get("/api/dead-letters", access.operator(this::deadLetters));
    }

    private void alerts(Context ctx) {
        Integer limit = limit(ctx, DEFAULT_LIMIT);
        if (limit == null) {
            return;
        }
        String kind = ctx.queryParam("kind");
        var shown = new ArrayList<AlertView>();
        var kinds = new TreeMap<String, Integer>();
        for (ConsumerRecord<byte[], byte[]> record : tail.newest(Topics.ALERTS, ALERTS_SCANNED)) {
            Alert alert;
            try {
                alert = alerts.decode(record.value());
            } catch (RuntimeException unreadable) {
                continue;   // not an alert of any released version: the writer's dead letters say why, not this page
            }
            kinds.merge(alert.getKind(), 1, Integer::sum);
            if ((kind == null || kind.isBlank() || kind.equals(alert.getKind())) && shown.size() < limit) {
                shown.add(new AlertView(alert.getAt(), alert.getKind(), alert.getSeverity().name(), alert.getSubject(), alert.getDetail(),
                        alert.getEventId(), alert.getCauseEventId()));
            }
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("alerts", shown);
        body.put("kinds", kinds);
        body.put("scanned", "the newest " + ALERTS_SCANNED + " alerts");
        ctx.json(body);
    }

    private void deadLetters(Context ctx) {
        Integer limit = limit(ctx, DEFAULT_DEAD_LETTERS);
        if (limit == null) {
            return;
        }
        var topics = new ArrayList<DeadLetterTopic>();
        for (String topic : tail.topicsEndingWith(".dlq")) {
            var newest = tail.newest(topic, limit).stream().map(RecordRoutes::deadLetter).toList();
            topics.add(new DeadLetterTopic(topic, tail.size(topic), newest));
        }
        ctx.json(Map.of("topics", topics));
    }

    static DeadLetterView deadLetter(ConsumerRecord<byte[], byte[]> record) {
        return new DeadLetterView(Instant.ofEpochMilli(record.timestamp()), record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), header(record, DeadLetters.EXCEPTION),
                header(record, DeadLetters.MESSAGE), header(record, DeadLetters.TOPIC), header(record, DeadLetters.PARTITION),
                header(record, DeadLetters.OFFSET));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The {@code limit} query parameter, or the default; null after answering 400 for one that is not 1 to 500. */
    private static Integer limit(Context ctx, int fallback) {
        String given = ctx.queryParam("limit");
        if (given == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(given);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "limit=" + given + " is not a number from 1 to " + MAX_LIMIT
                + ": leave it out for " + fallback));
        return null;
    }
}
