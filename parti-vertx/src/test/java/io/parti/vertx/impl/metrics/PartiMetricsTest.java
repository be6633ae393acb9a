package io.parti.vertx.impl.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.WorkerState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PartiMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final PartiMetrics metrics = new PartiMetrics(registry, "orders", clock::get);

  private static final PartiMetrics.View STABLE_LEADER = new PartiMetrics.View() {
    @Override public WorkerState state() {
      return WorkerState.STABLE;
    }
    @Override public boolean isLeader() {
      return true;
    }
    @Override public int owned() {
      return 7;
    }
    @Override public long assignmentVersion() {
      return 42;
    }
  };

  @Test
  void anIgnoredValueIsCountedByBucketAndSaysWhereItWas() {
    String message = metrics.ignoredValue("orders-hb", "worker-3", 812, "a malformed heartbeat", "field applied must be a number");
    metrics.ignoredValue("orders-hb", "worker-4", 813, "a malformed heartbeat", "not JSON");
    metrics.ignoredValue("orders-assign", "assignment", 90, "a malformed assignment", "not JSON");

    assertThat(message).isEqualTo("ignoring a malformed heartbeat at orders-hb/worker-3 (revision 812): field applied must be a number");
    assertThat(registry.get("parti.kv.ignored.values").tag("group", "orders").tag("bucket", "orders-hb").counter().count()).isEqualTo(2);
    assertThat(registry.get("parti.kv.ignored.values").tag("bucket", "orders-assign").counter().count()).isEqualTo(1);
  }

  @Test
  void gaugesReadTheCoordinatorUnderItsWorkerId() {
    metrics.workerId("worker-2", STABLE_LEADER);
    assertThat(registry.get("parti.worker.state").tag("worker", "worker-2").tag("state", "STABLE").gauge().value()).isEqualTo(1);
    assertThat(registry.get("parti.worker.state").tag("state", "DEGRADED").gauge().value()).isZero();
    assertThat(registry.get("parti.leader").gauge().value()).isEqualTo(1);
    assertThat(registry.get("parti.partitions.owned").gauge().value()).isEqualTo(7);
    assertThat(registry.get("parti.assignment.version").gauge().value()).isEqualTo(42);
  }

  @Test
  void aNewWorkerIdReplacesTheGaugesOfTheOldOne() {
    metrics.workerId("worker-2", STABLE_LEADER);
    metrics.workerId("worker-5", STABLE_LEADER);
    assertThat(registry.find("parti.partitions.owned").gauges()).singleElement()
        .satisfies(g -> assertThat(g.getId().getTag("worker")).isEqualTo("worker-5"));
  }

  @Test
  void reclaimingTheSameIdRegistersEachGaugeOnce() {
    metrics.workerId("worker-2", STABLE_LEADER);
    metrics.workerId("worker-2", STABLE_LEADER);
    assertThat(registry.find("parti.partitions.owned").gauges()).hasSize(1);
    assertThat(registry.find("parti.degraded.time").functionCounters()).hasSize(1);
  }

  @Test
  void timeSpentDegradedAddsUpAcrossEpisodes() {
    metrics.workerId("worker-0", STABLE_LEADER);
    metrics.degradedEntered("disconnected");
    clock.addAndGet(2_000_000_000L);
    metrics.degradedLeft();
    metrics.degradedEntered("closed");
    clock.addAndGet(500_000_000L);
    assertThat(registry.get("parti.degraded.time").functionCounter().count()).isEqualTo(2.5);
    assertThat(registry.get("parti.degraded.entries").tag("reason", "disconnected").counter().count()).isEqualTo(1);
    assertThat(registry.get("parti.degraded.entries").tag("reason", "closed").counter().count()).isEqualTo(1);
  }

  @Test
  void heartbeatAgeCountsFromTheLastOneThatLanded() {
    metrics.workerId("worker-0", STABLE_LEADER);
    assertThat(registry.get("parti.heartbeat.age").gauge().value()).isNaN();
    metrics.heartbeatWritten();
    clock.addAndGet(1_500_000_000L);
    assertThat(registry.get("parti.heartbeat.age").gauge().value()).isEqualTo(1.5);
  }

  @Test
  void closeRemovesEveryMeterItRegistered() {
    metrics.workerId("worker-1", STABLE_LEADER);
    metrics.rebalanced("planned", 5_000_000);
    metrics.handedOff(3_000_000, true);
    metrics.kvOperation("update", 1_000_000, "conflict");
    metrics.drainTimeout();
    assertThat(registry.getMeters()).isNotEmpty();
    metrics.close();
    assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
  }

  @Test
  void whatCompletesAfterTheCloseLeavesNoMeterBehind() {
    metrics.workerId("worker-1", STABLE_LEADER);
    metrics.close();
    metrics.drained(1_000_000);
    metrics.kvOperation("put", 1_000_000, null);
    assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
  }
}
