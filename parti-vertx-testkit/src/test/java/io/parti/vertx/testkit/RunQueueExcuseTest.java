package io.parti.vertx.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A blocked-thread warning is not counted when the thread only waited for a CPU (a busy machine), and is counted when
 * it slept: the run-queue wait Linux counts per thread tells the two apart.
 */
class RunQueueExcuseTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LIMIT = 100 * MS;

  @BeforeAll
  static void onLinux() {
    assumeTrue(Files.isReadable(Path.of("/proc/thread-self/schedstat")), "per-thread schedstat is Linux-only");
  }

  /** Runs {@code task} on a registered thread and returns the warning a 250 ms task over a 100 ms limit would raise. */
  private static BlockedThreadLog.Warning warningFor(Runnable task) throws Exception {
    CompletableFuture<BlockedThreadLog.Warning> warning = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      RunQueueWaits.registerCurrentThread();
      // The sampler is running for this thread (on a loaded machine it may take a while to get going).
      Thread probe = Thread.currentThread();
      await().atMost(10, TimeUnit.SECONDS).until(() -> RunQueueWaits.samplesOf(probe) > 0);
      long from = System.nanoTime();
      task.run();
      long to = System.nanoTime();
      warning.complete(new BlockedThreadLog.Warning("w", Thread.currentThread(), from, to, LIMIT));
    }, "run-queue-probe");
    thread.start();
    BlockedThreadLog.Warning w = warning.get(30, TimeUnit.SECONDS);
    assertThat(w.to() - w.from()).isGreaterThan(LIMIT);
    return w;
  }

  @Test
  void aTaskThatOnlyWaitedForACpuIsExcused() throws Exception {
    // Many more busy threads than cores: the probe runs a fraction of the time, and waits its turn the rest.
    AtomicBoolean spin = new AtomicBoolean(true);
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 8 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread spinner = new Thread(() -> {
        while (spin.get()) {
          Thread.onSpinWait();
        }
      });
      spinner.setDaemon(true);
      spinner.start();
      spinners.add(spinner);
    }
    try {
      BlockedThreadLog.Warning w = warningFor(() -> busy(250 * MS));
      assertThat(RunQueueWaits.waitedWithin(w.thread(), w.from(), w.to())).isGreaterThan(w.to() - w.from() - LIMIT);
      assertThat(w.excused()).isTrue();
    } finally {
      spin.set(false);
      for (Thread spinner : spinners) {
        spinner.join();
      }
    }
  }

  @Test
  void aTaskThatSleptCounts() throws Exception {
    BlockedThreadLog.Warning w = warningFor(() -> sleep(250)); // the blocking under test: time passing on purpose
    assertThat(w.excused()).isFalse();
  }

  private static void busy(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
