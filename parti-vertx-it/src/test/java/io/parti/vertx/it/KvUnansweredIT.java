package io.parti.vertx.it;

import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker whose connection stays up while JetStream cannot answer (the cluster lost its quorum) goes
 * {@code DEGRADED} for that reason, and comes back once the quorum does.
 */
class KvUnansweredIT extends ClusterTest {

  @Test
  void aLostQuorumOverALiveConnectionIsDegradedWithItsReason(NatsCluster cluster) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 8)) {
      // Connected to node 0 only, which stays up: the connection never drops.
      Fleet.Worker worker = Fleet.await(fleet.startAsync(cluster.node(0).url(), OPTIONS));
      fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.registry.byWorker().getOrDefault(worker.id(), java.util.Set.of()).size() == 8);

      cluster.node(1).kill();
      cluster.node(2).kill();
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.stateEvents.stream()
          .anyMatch(e -> "DEGRADED".equals(e.getString("to")) && "kv-errors".equals(e.getString("reason"))));
      assertThat(worker.connection.getStatus()).as("the connection stayed up").isEqualTo(io.nats.client.Connection.Status.CONNECTED);

      cluster.node(1).restart();
      cluster.node(2).restart();
      cluster.awaitMetaLeader();
      fleet.awaitUntil(Duration.ofSeconds(60), () -> worker.coordinator.state() != WorkerState.DEGRADED && worker.id() != null
          && fleet.registry.byWorker().getOrDefault(worker.id(), java.util.Set.of()).size() == 8);
      JsonObject left = fleet.stateEvents.stream().filter(e -> "DEGRADED".equals(e.getString("from"))).findFirst().orElseThrow();
      assertThat(left.getLong("degradedMs")).isNotNegative();
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
