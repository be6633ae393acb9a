package io.parti.vertx.it;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker cut off from NATS while the rest of the fleet is not. Without degraded fencing it keeps running
 * its partitions until its id lease would expire, while the leader gives them to others after detection (the
 * documented trade-off); with it, it pauses them first, so no partition runs twice even across the network
 * partition.
 */
class DegradedFencingIT extends FleetTest {

  @Test
  void withDegradedFencingAPartitionedWorkerPausesBeforeItsPartitionsMove(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast().setDegradedFencing(true);
    try (Fleet fleet = new Fleet(options, 16); FaultProxy proxy = FaultProxy.start(nats)) {
      String cutOffId = partitionOneWorker(fleet, nats, proxy, options);
      assertThat(fleet.registry.overlaps()).as("partitions that ran on two workers at once").isEmpty();
      assertThat(fleet.handoffEvents).anyMatch(e -> "fenced".equals(e.getString("event")) && cutOffId.equals(e.getString("workerId")));

      proxy.pass();
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  @Test
  void withoutDegradedFencingThePartitionedWorkerKeepsRunningWhileItsPartitionsMove(NatsServer nats) throws Exception {
    // Without fencing a cut-off worker runs on until its id lease would expire: make that well after detection.
    PartiOptions options = PartiOptions.fast().setWorkerIdTtl(Duration.ofSeconds(10));
    try (Fleet fleet = new Fleet(options, 16); FaultProxy proxy = FaultProxy.start(nats)) {
      partitionOneWorker(fleet, nats, proxy, options);
      assertThat(fleet.registry.overlaps()).as("the trade-off of running on through an outage").isNotEmpty();

      // The documented bound (STOP_AT_LEASE_END): from the death bound after its last heartbeat to its id lease
      // deadline after its last renewal, both sent at most an interval before the cut; plus the stop itself.
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.snapshot().values().stream().allMatch(w -> w.size() <= 1));
      Duration deathBound = options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod());
      Duration bound = options.getWorkerIdTtl().minus(options.getOperationTimeout()).minus(deathBound)
          .plus(options.getHeartbeatInterval()).plusMillis(500);
      assertThat(longestOverlap(fleet.registry.intervals())).as("the longest time a partition ran on two workers")
          .isPositive().isLessThanOrEqualTo(bound);
    }
  }

  /** The longest time any partition's run overlapped the next run of it. */
  private static Duration longestOverlap(List<OwnershipRegistry.Interval> intervals) {
    long longest = 0;
    for (OwnershipRegistry.Interval a : intervals) {
      for (OwnershipRegistry.Interval b : intervals) {
        if (a != b && a.partition().equals(b.partition()) && a.start() <= b.start() && b.start() < a.stop()) {
          longest = Math.max(longest, Math.min(a.stop(), b.stop()) - b.start());
        }
      }
    }
    return Duration.ofNanos(longest);
  }

  /**
   * {@code KEEP_RUNNING}: the cut-off worker runs on past its id lease (the overlap the policy accepts), and once it
   * reaches NATS again it applies the current assignment before anything else: the overlap ends at once.
   */
  @Test
  void keepRunningEndsTheOverlapOnceTheCutOffWorkerReachesNatsAgain(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast().setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
    try (Fleet fleet = new Fleet(options, 16); FaultProxy proxy = FaultProxy.start(nats)) {
      String cutOffId = partitionOneWorker(fleet, nats, proxy, options);
      Fleet.Worker cutOff = fleet.workers().stream().filter(w -> cutOffId.equals(w.id())).findFirst().orElseThrow();
      // Past its id lease deadline (2.4 s with fast()), it still runs what it ran: the overlap the policy accepts.
      Thread.sleep(options.getWorkerIdTtl().toMillis()); // time passing out of contact is what is under test
      assertThat(fleet.registry.byWorker().getOrDefault(cutOffId, Set.of())).as("still running past its lease").isNotEmpty();
      assertThat(cutOff.id()).as("its id").isEqualTo(cutOffId);

      proxy.pass();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> cutOff.coordinator.state() != WorkerState.DEGRADED);
      long back = System.nanoTime();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.snapshot().values().stream().allMatch(workers -> workers.size() <= 1));
      Duration overlapAfterContact = Duration.ofNanos(System.nanoTime() - back);
      assertThat(overlapAfterContact).as("the overlap after the worker reached NATS again").isLessThan(options.getOperationTimeout());
      assertThat(cutOff.id()).as("it kept its id").isEqualTo(cutOffId);
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
    }
  }

  /**
   * Two workers share the partitions; the second is cut off until the first runs all of them. Returns the cut-off
   * worker's id (read before the cut: the worker gives its id up once its lease ends).
   */
  private static String partitionOneWorker(Fleet fleet, NatsServer nats, FaultProxy proxy, PartiOptions options) throws Exception {
    Fleet.Worker leader = fleet.start(nats.url());
    Fleet.Worker cutOff = Fleet.await(fleet.startAsync(proxy.url(), options));
    fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
        && fleet.registry.byWorker().size() == 2);
    assertThat(leader.coordinator.isLeader()).isTrue();
    String cutOffId = cutOff.id();

    proxy.blackhole();
    fleet.awaitUntil(Duration.ofSeconds(10), () ->
        fleet.registry.byWorker().getOrDefault(leader.id(), Set.of()).equals(fleet.partitionIds()));
    return cutOffId;
  }
}
