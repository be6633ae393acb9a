package io.parti.vertx.it;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * NATS comes back as a new server: the same address, an empty store (every bucket and key gone). The coordinators
 * create their buckets again and restore the fleet from what they hold: every worker goes {@code DEGRADED} and back
 * with the same id and session, the leader writes the assignment the workers run as a new version, and no partition
 * moves or restarts, whatever the degraded policy.
 */
class WipedStoreIT extends FleetTest {

  @ParameterizedTest
  @EnumSource(DegradedPolicy.class)
  void aNewEmptyServerMovesNothing(DegradedPolicy policy, NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast().setDegradedPolicy(policy);
    try (Fleet fleet = new Fleet(options, 12)) {
      List<Fleet.Worker> workers = fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(20));
      Identities identities = new Identities(workers);
      Map<String, Set<String>> assignment = fleet.registry.byWorker();
      long version = fleet.leader().coordinator.assignmentVersion();
      int runs = fleet.registry.intervals().size();

      nats.kill();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> workers.stream().allMatch(w -> w.coordinator.state() == WorkerState.DEGRADED));
      nats.restartEmpty();

      fleet.awaitUntil(Duration.ofSeconds(30), () -> workers.stream().allMatch(w -> w.coordinator.state() == WorkerState.STABLE
          && w.coordinator.assignmentVersion() > version));
      identities.assertKept();
      Duration deathBound = options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod());
      await().during(deathBound).atMost(deathBound.plusSeconds(10)).until(() -> fleet.registry.byWorker().equals(assignment)
          && fleet.registry.intervals().size() == runs);
      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(fleet.handoffEvents).as("a store-recreated event")
          .anyMatch(e -> "store-recreated".equals(e.getString("event")));
    }
  }
}
