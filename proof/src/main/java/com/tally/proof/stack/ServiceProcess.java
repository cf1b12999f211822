package com.tally.proof.stack;

import java.util.List;

/**
 * One Tally service as the process stack runs it: in its own JVM, started from {@code mainClass}
 * with the stack's environment, listening on the port the stack puts in {@code portVariable}, and
 * ready once {@code GET /ready} answers 200. {@code consumerGroups} are the groups it consumes in
 * (Kafka Streams application IDs, dispatchers), whose dead-letter topics the stack provisions; a
 * service with none only writes, and the crash test kills it once instead of repeatedly.
 */
public record ServiceProcess(String name, String mainClass, String portVariable, List<String> consumerGroups) {

    public ServiceProcess {
        consumerGroups = List.copyOf(consumerGroups);
    }

    public ServiceProcess(String name, Class<?> mainClass, String portVariable, List<String> consumerGroups) {
        this(name, mainClass.getName(), portVariable, consumerGroups);
    }
}
