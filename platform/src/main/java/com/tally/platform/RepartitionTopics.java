package com.tally.platform;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Creates a topology's repartition topics before its stream threads start. Kafka Streams would
 * create them itself during the first rebalance, but its consumers subscribe to them before that,
 * and each metadata answer for a topic not there yet is logged as a warning: a healthy start
 * would look like a broken one. Made as Streams makes them (delete policy, kept until Streams
 * purges what it committed) with the partitions of the topics feeding them, which is what
 * Streams checks an existing repartition topic against.
 */
final class RepartitionTopics {

    private static final String SUFFIX = "-repartition";
    /** The segment size Kafka Streams gives the repartition topics it creates. */
    private static final String SEGMENT_BYTES = String.valueOf(50 * 1024 * 1024);

    private RepartitionTopics() {
    }

    static void create(TopologyDescription topology, Properties settings) {
        Map<String, Set<String>> feeding = feedingTopics(topology);
        if (feeding.isEmpty()) {
            return;
        }
        String applicationId = settings.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        var adminSettings = new HashMap<String, Object>();
        settings.stringPropertyNames().stream().filter(AdminClientConfig.configNames()::contains)
                .forEach(name -> adminSettings.put(name, settings.get(name)));
        try (Admin admin = Admin.create(adminSettings)) {
            Map<String, Integer> partitions = partitions(admin, feeding);
            short replication = Short.parseShort(String.valueOf(settings.getOrDefault(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1")));
            var topics = feeding.keySet().stream().map(name -> new NewTopic(applicationId + "-" + name, partitions.get(name), replication)
                    .configs(topicConfigs(settings))).toList();
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + result.getKey() + ": " + e.getCause().getMessage()
                                + ". Check that the brokers are up and that Tally may create topics", e.getCause());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the partitions of the topics feeding " + applicationId + "'s repartition topics ("
                    + feeding.values() + "): " + e.getCause().getMessage() + ". Check that Tally's topics are provisioned", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the repartition topics of " + applicationId, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s while creating the repartition topics of "
                    + applicationId + ": check that the brokers are up", e);
        }
    }

    /** Each repartition topic (as the description names it) with the topics of the sub-topology that writes it. */
    static Map<String, Set<String>> feedingTopics(TopologyDescription topology) {
        var feeding = new HashMap<String, Set<String>>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            var sources = new HashSet<String>();
            var sinks = new HashSet<String>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    sources.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null && sink.topic().endsWith(SUFFIX)) {
                    sinks.add(sink.topic());
                }
            }
            sinks.forEach(sink -> feeding.computeIfAbsent(sink, s -> new HashSet<>()).addAll(sources));
        }
        return feeding;
    }

    /** A repartition topic gets as many partitions as the largest topic feeding it, another repartition topic included. */
    private static Map<String, Integer> partitions(Admin admin, Map<String, Set<String>> feeding)
            throws InterruptedException, ExecutionException, TimeoutException {
        var external = new HashSet<String>();
        feeding.values().forEach(sources -> sources.stream().filter(s -> !feeding.containsKey(s)).forEach(external::add));
        var counts = new HashMap<String, Integer>();
        admin.describeTopics(external).allTopicNames().get(60, TimeUnit.SECONDS)
                .forEach((name, description) -> counts.put(name, description.partitions().size()));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var entry : feeding.entrySet()) {
                int most = entry.getValue().stream().mapToInt(s -> counts.getOrDefault(s, 0)).max().orElse(0);
                if (most > counts.getOrDefault(entry.getKey(), 0)) {
                    counts.put(entry.getKey(), most);
                    changed = true;
                }
            }
        }
        var partitions = new HashMap<String, Integer>();
        feeding.keySet().forEach(name -> partitions.put(name, counts.get(name)));
        return partitions;
    }

    private static Map<String, String> topicConfigs(Properties settings) {
        var configs = new HashMap<String, String>(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.SEGMENT_BYTES_CONFIG, SEGMENT_BYTES));
        for (String name : settings.stringPropertyNames()) {
            if (name.startsWith(StreamsConfig.TOPIC_PREFIX)) {
                configs.put(name.substring(StreamsConfig.TOPIC_PREFIX.length()), settings.getProperty(name));
            }
        }
        return configs;
    }
}
