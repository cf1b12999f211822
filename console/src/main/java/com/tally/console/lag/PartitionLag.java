package com.tally.console.lag;

/**
 * One partition of one consumer group, as {@code kafka-consumer-groups.sh --describe} shows it.
 *
 * @param committedOffset the group's committed offset; null when it has committed none (the tool's "-")
 * @param logEndOffset    the partition's high watermark, as the tool reads it (read_uncommitted); null when
 *                        it could not be read (no leader)
 * @param lag             {@code logEndOffset - committedOffset}, not clamped, as the tool computes it; null when
 *                        either is missing
 * @param consumerId      the member it is assigned to; null when no member has it (the tool's "-")
 * @param internal        a topic of the group's own (a Kafka Streams repartition or changelog topic), not one
 *                        another service writes
 */
public record PartitionLag(String topic, int partition, Long committedOffset, Long logEndOffset, Long lag, String consumerId,
                           boolean internal) {

    /** Whether the topic is one of {@code group}'s own: Kafka Streams names them {@code <application ID>-…-repartition/-changelog}. */
    static boolean internalTo(String group, String topic) {
        return topic.startsWith(group + "-") && (topic.endsWith("-repartition") || topic.endsWith("-changelog"));
    }
}
