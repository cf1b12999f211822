package com.tally.proof.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * A Tally service in its own JVM, started from the same classes as this one, so it can be killed
 * with SIGKILL like a crashed machine would stop it. Its output goes to a log file.
 */
public final class ChildProcess {

    /**
     * Extra options for every child JVM, space-separated: the test runs set them (see proof's
     * pom.xml) to start short-lived JVMs for less CPU; a benchmark or a crash run from the command
     * line leaves them out and measures the JVM as it runs in production.
     */
    public static final String JVM_OPTIONS_PROPERTY = "tally.child.jvm-options";

    /** The heap a child JVM may grow to unless it is given its own (-Xmx). */
    public static final String DEFAULT_MAX_HEAP = "512m";

    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    private final String name;
    private final String mainClass;
    private final Map<String, String> env;
    private final List<String> args;
    private final Path log;
    private final String maxHeap;
    private Process process;
    private int starts;

    public ChildProcess(String name, String mainClass, Map<String, String> env, List<String> args, Path logDir) {
        this(name, mainClass, env, args, logDir, DEFAULT_MAX_HEAP);
    }

    /** @param maxHeap the JVM's -Xmx, such as {@code 128m} or {@code 2g} */
    public ChildProcess(String name, String mainClass, Map<String, String> env, List<String> args, Path logDir, String maxHeap) {
        if (!HEAP_SIZE.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("'" + maxHeap + "' is not a heap size for -Xmx: give a number with k, m or g, such as 128m");
        }
        this.maxHeap = maxHeap;
        this.name = name;
        this.mainClass = mainClass;
        this.env = env;
        this.args = args;
        this.log = logDir.resolve(name + ".log");
    }

    public ChildProcess start() throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
        String options = System.getProperty(JVM_OPTIONS_PROPERTY, "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Files.createDirectories(log.getParent());
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        starts++;
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no leaving the group; what was in flight is simply gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, and wait for the graceful stop. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * SIGSTOP: the JVM stays, holding its connections and its group membership, and does nothing at
     * all (no heartbeat, no commit), as a machine frozen by a long GC pause or a stuck disk would.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a paused JVM goes on where it stopped. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running: start it before sending it SIG" + signal);
        }
        // the JDK sends only TERM and KILL; kill(1) sends the rest
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed: " + new String(kill.getInputStream().readAllBytes()).strip());
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** How many times it was started, restarts included. */
    public int starts() {
        return starts;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public String maxHeap() {
        return maxHeap;
    }

    public Path log() {
        return log;
    }
}
