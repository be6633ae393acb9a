package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the node that leads the assignment bucket's stream (asked of JetStream, not assumed to be node 0): in
 * steady state nothing moves and nothing runs twice; during a hand-off the change still converges without overlap.
 * The time until the fleet runs every partition once again is printed ({@code recoveryMs=...} in the test's output).
 */
class StreamLeaderKillIT extends ClusterTest {

  @Test
  void killingTheAssignmentStreamLeaderInSteadyStateMovesNothing(NatsCluster cluster) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 24); Connection admin = Nats.connect(cluster.urls())) {
      fleet.startSettled(3, cluster.urls(), OPTIONS, Duration.ofSeconds(30));
      Map<String, Set<String>> assignment = fleet.registry.byWorker();

      long killed = killStreamLeader(cluster, admin, fleet);
      fleet.awaitUntil(Duration.ofSeconds(60), () -> fleet.workers().stream().allMatch(this::inContact)
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      System.out.println("recoveryMs=" + (System.nanoTime() - killed) / 1_000_000); // in the test's output file

      assertThat(fleet.registry.byWorker()).as("what runs where").isEqualTo(assignment);
      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(fleet.registry.epochRegressions()).isEmpty();
    }
  }

  @Test
  void killingTheAssignmentStreamLeaderDuringAHandOffStillConverges(NatsCluster cluster) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 24); Connection admin = Nats.connect(cluster.urls())) {
      fleet.startSettled(3, cluster.urls(), OPTIONS, Duration.ofSeconds(30));

      fleet.startAsync(cluster.urls(), OPTIONS); // a join: partitions start moving to it
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.workers().stream().anyMatch(w -> w.coordinator.state() == WorkerState.REBALANCING
          || w.coordinator.state() == WorkerState.SCALING));
      long killed = killStreamLeader(cluster, admin, fleet);
      fleet.awaitUntil(Duration.ofSeconds(60), () -> fleet.registry.byWorker().size() == 4
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      System.out.println("recoveryMs=" + (System.nanoTime() - killed) / 1_000_000); // in the test's output file

      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(fleet.registry.epochRegressions()).isEmpty();
    }
  }

  /** The node killed by the test, restarted after it: the next test of the class needs the whole cluster. */
  private io.parti.vertx.testkit.NatsServer killedNode;

  @org.junit.jupiter.api.AfterEach
  void restartKilledNode(NatsCluster cluster) {
    if (killedNode != null) {
      killedNode.restart();
      cluster.awaitMetaLeader();
      killedNode = null;
    }
  }

  /** Kills the node JetStream names as the leader of the assignment bucket's stream; returns when (nanoTime). */
  private long killStreamLeader(NatsCluster cluster, Connection admin, Fleet fleet) throws Exception {
    String stream = "KV_" + new PartiOptions().setGroup(fleet.group).assignmentBucket();
    String leader = admin.jetStreamManagement().getStreamInfo(stream).getClusterInfo().getLeader();
    assertThat(leader).as("the leader of %s", stream).isNotNull();
    long at = System.nanoTime();
    killedNode = cluster.node(leader);
    killedNode.kill();
    return at;
  }

  private boolean inContact(Fleet.Worker w) {
    WorkerState state = w.coordinator.state();
    return state != WorkerState.DEGRADED && state != WorkerState.CLAIMING_ID && w.id() != null;
  }
}
