package io.parti.vertx.impl;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.metrics.PartiMetrics;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class RebalanceClockTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RebalanceClock clock = new RebalanceClock(new PartiMetrics(registry, "g", () -> 0), new StillScheduler());

  /** Found by MetricsIT on a busy machine: workers of a cold start joined while the new leader was still fencing. */
  @Test
  void joinsSeenWhileTheTermFencesBelongToItsColdStart() {
    clock.cause(RebalanceClock.Reason.PLANNED);
    clock.cause(RebalanceClock.Reason.COLD_START);
    settle();

    assertThat(counted("cold-start")).isEqualTo(1);
    assertThat(counted("planned")).isZero();
  }

  @Test
  void aDeathStaysAnEmergencyWhateverComesAfter() {
    clock.cause(RebalanceClock.Reason.EMERGENCY);
    clock.cause(RebalanceClock.Reason.TAKEOVER);
    clock.cause(RebalanceClock.Reason.PLANNED);
    settle();

    assertThat(counted("emergency")).isEqualTo(1);
    assertThat(counted("takeover")).isZero();
  }

  @Test
  void aJoinAfterTheStartIsPlanned() {
    clock.cause(RebalanceClock.Reason.PLANNED);
    settle();

    assertThat(counted("planned")).isEqualTo(1);
  }

  private void settle() {
    clock.committed(new HandoffDelta(List.of(), List.of(), List.of("p1"), 0), 2);
    clock.settled();
  }

  private double counted(String reason) {
    return registry.find("parti.rebalances").tag("reason", reason).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** Time stands still; nothing is scheduled. */
  private static final class StillScheduler implements Scheduler {
    @Override public long nanoTime() {
      return 0;
    }
    @Override public long setTimer(long delayMs, Runnable task) {
      return 0;
    }
    @Override public long setPeriodic(long periodMs, Runnable task) {
      return 0;
    }
    @Override public void cancelTimer(long id) {
    }
    @Override public void runLater(Runnable task) {
    }
    @Override public double random() {
      return 0;
    }
    @Override public <T> Future<T> offLoop(Callable<T> work) {
      throw new UnsupportedOperationException();
    }
  }
}
