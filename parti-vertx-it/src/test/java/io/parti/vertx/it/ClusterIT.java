package io.parti.vertx.it;

import io.parti.vertx.testkit.NatsCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coordinators on a 3-node JetStream cluster with 3-replica buckets. Killing a node moves clients and stream
 * leaders elsewhere, and KV writes fail for the seconds a JetStream election takes: the watches must heal,
 * the leader must not take that silence for deaths, and a change made through it must still converge with
 * no partition running twice.
 */
class ClusterIT extends ClusterTest {

  @Test
  void aFleetRidesOutTheLossOfANatsNode(NatsCluster cluster) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 32)) {
      for (int i = 0; i < 3; i++) {
        fleet.startAsync(cluster.urls(), OPTIONS);
      }
      fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);

      cluster.node(0).kill();
      fleet.startAsync(cluster.urls(), OPTIONS);
      fleet.awaitUntil(Duration.ofSeconds(60), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 4);
      assertThat(fleet.registry.overlaps()).as("partitions that ran on two workers at once").isEmpty();
      assertThat(fleet.registry.epochRegressions()).isEmpty();
    }
  }
}
