package io.parti.vertx.it;

import io.nats.client.Connection;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.testkit.FaultProxy;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A leader cut off from NATS is replaced, and once it is back no assignment of its old epoch lands. */
class DeposedLeaderIT extends FleetTest {

  private static final PartiOptions FAST = PartiOptions.fast();

  @Test
  void aLeaderCutOffAndReconnectedCannotCommit(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(FAST, 16); FaultProxy proxy = FaultProxy.start(nats)) {
      Fleet.Worker old = fleet.start(proxy.url());
      assertThat(old.coordinator.isLeader()).isTrue();
      fleet.start(nats.url());
      fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      AssignmentLog log = fleet.assignmentLog(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(5), () -> log.last() != null);
      long oldEpoch = log.last().leaderEpoch();

      proxy.blackhole();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.workers().stream().anyMatch(w -> w != old && w.coordinator.isLeader()));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> log.last().leaderEpoch() > oldEpoch);
      long newEpoch = log.last().leaderEpoch();

      proxy.pass();
      fleet.awaitUntil(Duration.ofSeconds(15), () -> old.connection.getStatus() == Connection.Status.CONNECTED);
      // Back on the network the old leader must neither lead nor land a commit of its epoch.
      fleet.awaitUntil(Duration.ofSeconds(10), () -> !old.coordinator.isLeader()
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      List<AssignmentRecord> records = log.records();
      boolean newEra = false;
      for (int i = 0; i < records.size(); i++) {
        newEra |= records.get(i).leaderEpoch() == newEpoch;
        if (newEra) {
          assertThat(records.get(i).leaderEpoch()).as("epoch of record %d after the new leader's first", i).isGreaterThanOrEqualTo(newEpoch);
        }
        if (i > 0) {
          assertThat(records.get(i).version()).isGreaterThan(records.get(i - 1).version());
        }
      }
      assertThat(fleet.workers().stream().filter(w -> w.coordinator.isLeader())).hasSize(1);
    }
  }
}
