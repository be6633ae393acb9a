package io.parti.bench.gate;

import java.lang.management.ManagementFactory;

/** One timed throughput round: its rate, its CPU cost, and what its tally saw. */
public record Round(double msgsPerSec, double cpuUsPerMsg, int lost, long duplicates, double joinMs, long disconnects) {

  /**
   * The round that {@code tally} saw, timed from {@code start} to {@code end} ({@link System#nanoTime()}), during
   * which this JVM used {@code cpuNanos} of CPU.
   */
  public static Round of(Tally tally, long start, long end, long cpuNanos, double joinMs, long disconnects) {
    return new Round(tally.unique() / ((end - start) / 1e9), cpuNanos / 1e3 / tally.expected(),
        tally.expected() - tally.unique(), tally.duplicates(), joinMs, disconnects);
  }

  /** CPU time of this JVM (every thread, not nats-server's), ns; the clock ticks in 10 ms. */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
