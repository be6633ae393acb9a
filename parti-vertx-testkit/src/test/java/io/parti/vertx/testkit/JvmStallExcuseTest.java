package io.parti.vertx.testkit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A blocked-thread warning is not counted when a JVM-wide stall explains the time over the limit. */
class JvmStallExcuseTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LIMIT = 100 * MS;

  @Test
  void aTaskThatWouldHaveFitTheLimitButForAStallIsExcused() {
    long base = System.nanoTime() - 10_000 * MS;
    JvmStalls.add(base, base + 150 * MS);
    // 160 ms blocked, 150 of them stalled: 10 ms of real work.
    assertThat(new BlockedThreadLog.Warning("w", null, base - 5 * MS, base + 155 * MS, LIMIT).excused()).isTrue();
  }

  @Test
  void aTaskOverTheLimitEvenWithoutTheStallCounts() {
    long base = System.nanoTime() - 20_000 * MS;
    JvmStalls.add(base, base + 150 * MS);
    // 260 ms blocked, 150 of them stalled: 110 ms of real work, over the limit.
    assertThat(new BlockedThreadLog.Warning("w", null, base - 110 * MS, base + 150 * MS, LIMIT).excused()).isFalse();
  }

  @Test
  void aWarningWithoutAStallInItsWindowCounts() {
    long from = System.nanoTime() + 1_000_000 * MS;
    assertThat(new BlockedThreadLog.Warning("w", null, from, from + 200 * MS, LIMIT).excused()).isFalse();
  }

  @Test
  void aWarningReadFromTheLogHasNoWindowAndAlwaysCounts() {
    assertThat(new BlockedThreadLog.Warning("w", null, 0, 0, 0).excused()).isFalse();
  }

  @Test
  void aThreadThatBlocksIsNotMistakenForAStall() {
    JvmStalls.install();
    long from = System.nanoTime();
    LockSupport.parkNanos(300 * MS); // this thread blocks; the sampler keeps waking on time on its own thread
    long to = System.nanoTime();
    assertThat(JvmStalls.stalledWithin(from, to)).isLessThan((to - from) / 2);
  }
}
