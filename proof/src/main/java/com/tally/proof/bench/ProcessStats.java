package com.tally.proof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one process used, from Linux's /proc: CPU time (user + system) and resident memory. A
 * sample at the start and one at the end of a run give the CPU share in between; the peak
 * resident size is the kernel's own high-water mark (VmHWM).
 */
record ProcessStats(long cpuTicks, long rssKiB, long peakRssKiB) {

    /** Kernel clock ticks per second: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line);
                }
            }
            return new ProcessStats(ticks, rss, peak);
        } catch (IOException | RuntimeException e) {
            return new ProcessStats(0, 0, 0);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** The CPU this process used between two samples, in percent of one core. */
    static double cpuPercent(ProcessStats before, ProcessStats after, double seconds) {
        return cpuSeconds(before, after) / seconds * 100;
    }

    /** The CPU time this process used between two samples, in seconds (to the kernel's tick, 10 ms). */
    static double cpuSeconds(ProcessStats before, ProcessStats after) {
        return (after.cpuTicks - before.cpuTicks) / TICKS_PER_SECOND;
    }

    static ProcessStats ofThisJvm() {
        return of(ProcessHandle.current().pid());
    }
}
