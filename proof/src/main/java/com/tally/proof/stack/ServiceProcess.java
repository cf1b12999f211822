package com.tally.proof.stack;

import java.util.List;

/**
 * One Tally service as the process stack runs it: in its own JVM, started from {@code mainClass}
 * with the stack's environment, listening on the port the stack puts in {@code portVariable}, and
 * ready once {@code GET /ready} answers 200. {@code streamApps} are the Kafka Streams application
 * IDs it runs, whose dead-letter topics the stack provisions.
 */
public record ServiceProcess(String name, String mainClass, String portVariable, List<String> streamApps) {

    public ServiceProcess {
        streamApps = List.copyOf(streamApps);
    }

    public ServiceProcess(String name, Class<?> mainClass, String portVariable, List<String> streamApps) {
        this(name, mainClass.getName(), portVariable, streamApps);
    }
}
