package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverIT extends FleetTest {

  private static final PartiOptions FAST = PartiOptions.fast();

  @Test
  void aCrashedFollowersPartitionsRunElsewhereWithinDetectionTimePlusOneSecond(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(FAST, 32)) {
      startThree(fleet, nats);
      Fleet.Worker follower = fleet.workers().stream().filter(w -> !w.coordinator.isLeader()).findFirst().orElseThrow();

      follower.crash();
      Duration bound = FAST.getHeartbeatTtl().plus(FAST.getEmergencyGracePeriod()).plusSeconds(1);
      fleet.awaitUntil(bound, () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  @Test
  void aCrashedLeaderIsReplacedWithinTheElectionTimeoutPlusOneSecond(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(FAST, 32)) {
      startThree(fleet, nats);
      AssignmentLog log = fleet.assignmentLog(nats.url());
      Fleet.Worker leader = fleet.leader();
      long epochBefore = log.last().leaderEpoch();

      leader.crash();
      fleet.awaitUntil(FAST.getElectionTimeout().plusSeconds(1), () -> fleet.leader() != null);
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));

      List<AssignmentRecord> records = log.records();
      for (int i = 1; i < records.size(); i++) {
        assertThat(records.get(i).version()).isGreaterThan(records.get(i - 1).version());
        assertThat(records.get(i).leaderEpoch()).isGreaterThanOrEqualTo(records.get(i - 1).leaderEpoch());
      }
      assertThat(log.last().leaderEpoch()).isGreaterThan(epochBefore);
      assertThat(log.last().slots().keySet()).isEqualTo(fleet.partitionIds());
      assertThat(log.last().slots().values()).allMatch(slot -> Set.copyOf(fleet.liveWorkerIds()).contains(slot.owner()));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  private static void startThree(Fleet fleet, NatsServer nats) throws Exception {
    for (int i = 0; i < 3; i++) {
      fleet.startAsync(nats.url(), FAST);
    }
    fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.workers().stream().allMatch(w -> w.deploymentId != null)
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
  }
}
