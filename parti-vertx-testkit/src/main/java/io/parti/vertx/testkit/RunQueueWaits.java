package io.parti.vertx.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long a thread waited, runnable, for a CPU: Linux counts it per thread in {@code /proc/self/task/<tid>/schedstat}
 * (the second field, ns). A task on an event loop that looks blocked while its thread only waited its turn on a busy
 * machine (more runnable threads than cores) did not block; one that slept, waited on a lock or on I/O, or computed for
 * longer than the limit, did, and that time never counts here. Threads are registered from inside themselves (only
 * there is their tid known); elsewhere than Linux nothing is recorded and nothing is excused.
 */
final class RunQueueWaits {

  private static final long SAMPLE_MS = 10;
  /** Samples kept per thread: ten seconds' worth. */
  private static final int KEEP = 1000;
  /** How long the samples of a thread that ended are kept: a test judges its warnings after closing Vert.x. */
  private static final long KEEP_ENDED_NS = TimeUnit.SECONDS.toNanos(60);
  private static final Map<Thread, Samples> THREADS = new ConcurrentHashMap<>();

  static {
    Thread sampler = new Thread(RunQueueWaits::sample, "parti-testkit-runqueue-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private RunQueueWaits() {}

  /** One thread's schedstat file and its samples: {nanoTime, run-queue wait ns}. */
  private record Samples(Path schedstat, ArrayDeque<long[]> taken) {
  }

  /** Registers the calling thread, if this system says how long threads wait for a CPU. */
  static void registerCurrentThread() {
    try {
      Path self = Path.of("/proc/thread-self").toRealPath();
      Path schedstat = self.resolve("schedstat");
      if (Files.isReadable(schedstat)) {
        THREADS.putIfAbsent(Thread.currentThread(), new Samples(schedstat, new ArrayDeque<>()));
      }
    } catch (IOException | RuntimeException notLinux) {
      // nothing to sample: no warning is excused for this thread
    }
  }

  /** How many samples of {@code thread} are kept (0 when it is not registered). */
  static int samplesOf(Thread thread) {
    Samples samples = THREADS.get(thread);
    if (samples == null) {
      return 0;
    }
    synchronized (samples) {
      return samples.taken().size();
    }
  }

  /**
   * The run-queue wait of {@code thread} within {@code [from, to]} ({@link System#nanoTime()}), from the samples taken
   * inside the window only: it never counts more than the thread waited there.
   */
  static long waitedWithin(Thread thread, long from, long to) {
    Samples samples = thread == null ? null : THREADS.get(thread);
    if (samples == null) {
      return 0;
    }
    synchronized (samples) {
      long[] first = null;
      long[] last = null;
      for (long[] s : samples.taken()) {
        if (s[0] >= from && s[0] <= to) {
          if (first == null) {
            first = s;
          }
          last = s;
        }
      }
      return first == null ? 0 : last[1] - first[1];
    }
  }

  private static void sample() {
    while (true) {
      THREADS.forEach((thread, samples) -> {
        if (!thread.isAlive()) {
          synchronized (samples) {
            long[] last = samples.taken().peekLast();
            if (last == null || System.nanoTime() - last[0] > KEEP_ENDED_NS) {
              THREADS.remove(thread);
            }
          }
          return;
        }
        long waited = read(samples.schedstat());
        if (waited >= 0) {
          synchronized (samples) {
            samples.taken().addLast(new long[] {System.nanoTime(), waited});
            if (samples.taken().size() > KEEP) {
              samples.taken().removeFirst();
            }
          }
        }
      });
      try {
        TimeUnit.MILLISECONDS.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The second field of a schedstat file, or -1 when it cannot be read (the thread just ended). */
  private static long read(Path schedstat) {
    try {
      String[] fields = Files.readString(schedstat).trim().split(" ");
      return Long.parseLong(fields[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
