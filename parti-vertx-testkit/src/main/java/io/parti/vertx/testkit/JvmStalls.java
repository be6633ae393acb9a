package io.parti.vertx.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When the whole JVM stood still: a daemon thread parks for {@value #TICK_MS} ms at a time and records every
 * wake-up that came late by more than {@value #LATE_MS} ms. A late wake-up means no thread of this process
 * could run: a stop-the-world garbage collection pause or safepoint, or the machine not scheduling the
 * process at all. A Vert.x task that runs through such a stall looks blocked for the stall's length although
 * its code never blocked, so {@link BlockedThreadLog} subtracts stalls before it counts a warning.
 * <p>
 * Blocking code does not stall the JVM (the sampler keeps running on another core), so it is never excused.
 */
final class JvmStalls {

  static final long TICK_MS = 1;
  static final long LATE_MS = 5;
  private static final int KEEP = 4096;
  private static final Deque<long[]> STALLS = new ArrayDeque<>();

  static {
    Thread sampler = new Thread(JvmStalls::sample, "parti-testkit-stall-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private JvmStalls() {}

  /** Forces the class initialisation that starts the sampler. */
  static void install() {
    // the static initialiser did the work
  }

  /** How many ns of {@code [from, to]} ({@link System#nanoTime()}) the JVM spent stalled. */
  static synchronized long stalledWithin(long from, long to) {
    long stalled = 0;
    for (long[] s : STALLS) {
      stalled += Math.max(0, Math.min(to, s[1]) - Math.max(from, s[0]));
    }
    return stalled;
  }

  static synchronized void add(long from, long to) {
    STALLS.addLast(new long[] {from, to});
    if (STALLS.size() > KEEP) {
      STALLS.removeFirst();
    }
  }

  private static void sample() {
    long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    long late = TimeUnit.MILLISECONDS.toNanos(LATE_MS);
    while (true) {
      long before = System.nanoTime();
      LockSupport.parkNanos(tick);
      long after = System.nanoTime();
      if (after - before - tick > late) {
        add(before + tick, after);
      }
    }
  }
}
