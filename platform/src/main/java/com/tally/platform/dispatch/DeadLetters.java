package com.tally.platform.dispatch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record a dispatcher could not handle, as it goes to its dead-letter topic: the original key,
 * bytes, headers and timestamp, plus the error and where the record came from, under the header
 * names Kafka Streams gives its own dead letters, so one reader serves every app's dead-letter topic.
 */
public final class DeadLetters {

    /** The outcome kind of a dead letter in the loop's metrics. */
    public static final String KIND = "dead-letter";

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    private DeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> input, Throwable error) {
        var letter = new ProducerRecord<>(deadLetterTopic, null, input.timestamp(), input.key(), input.value());
        for (Header header : input.headers()) {
            letter.headers().add(header);
        }
        letter.headers()
                .add(EXCEPTION, utf8(error.getClass().getName()))
                .add(MESSAGE, utf8(String.valueOf(error.getMessage())))
                .add(STACKTRACE, utf8(stackTrace(error)))
                .add(TOPIC, utf8(input.topic()))
                .add(PARTITION, utf8(String.valueOf(input.partition())))
                .add(OFFSET, utf8(String.valueOf(input.offset())));
        return letter;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable error) {
        var text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
