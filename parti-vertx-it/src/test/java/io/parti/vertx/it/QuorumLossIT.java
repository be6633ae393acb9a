package io.parti.vertx.it;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two of three JetStream nodes down for 10 s (four id leases of {@code fast()}), then back: with
 * {@link DegradedPolicy#KEEP_RUNNING} the coordinators carry on through it, and nothing moves, restarts or runs twice.
 */
class QuorumLossIT extends ClusterTest {

  private static final PartiOptions KEEP_RUNNING = new PartiOptions(OPTIONS).setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);

  @Test
  void tenSecondsWithoutAQuorumMoveNothing(NatsCluster cluster) throws Exception {
    try (Fleet fleet = new Fleet(KEEP_RUNNING, 24)) {
      // Connected to node 0, which stays up: only JetStream's quorum goes.
      List<Fleet.Worker> workers = fleet.startSettled(3, cluster.node(0).url(), KEEP_RUNNING, Duration.ofSeconds(30));
      Map<String, Set<String>> assignment = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();
      int states = fleet.stateEvents.size();

      cluster.node(1).kill();
      cluster.node(2).kill();
      fleet.awaitUntil(Duration.ofSeconds(20), () -> workers.stream().allMatch(w -> w.coordinator.state() == WorkerState.DEGRADED));
      Thread.sleep(10_000); // the quorum loss itself: time passing is what is under test
      assertThat(fleet.registry.byWorker()).as("still running without a quorum").isEqualTo(assignment);
      cluster.node(1).restart();
      cluster.node(2).restart();
      cluster.awaitMetaLeader();

      fleet.awaitUntil(Duration.ofSeconds(60), () -> workers.stream().allMatch(w -> w.coordinator.state() != WorkerState.DEGRADED
          && w.id() != null));
      Duration deathBound = KEEP_RUNNING.getHeartbeatTtl().plus(KEEP_RUNNING.getEmergencyGracePeriod());
      try {
        await().during(deathBound).atMost(deathBound.plusSeconds(10)).until(() -> fleet.registry.byWorker().equals(assignment)
            && fleet.registry.intervals().size() == runs);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        List<OwnershipRegistry.Interval> intervals = fleet.registry.intervals();
        throw new AssertionError("something moved or restarted after the quorum came back:\n" + fleet.describe()
            + "\nbefore: " + assignment + "\nruns since: " + intervals.subList(runs, intervals.size())
            + "\nstate changes since the quorum loss: " + fleet.stateEvents.subList(states, fleet.stateEvents.size()), e);
      }
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
