package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A NATS restart (an outage shorter than the leader lease) is ridden out: every worker goes {@code DEGRADED} and
 * back, keeps its id, and no partition moves or restarts.
 */
class ShortOutageIT extends FleetTest {

  /** The defaults' leases (death bound 9 s, id lease deadline 28.5 s), with short windows so that the fleet forms fast. */
  private static final PartiOptions OPTIONS = PartiOptions.defaults().setColdStartWindow(Duration.ofMillis(500))
      .setPlannedScaleWindow(Duration.ofMillis(250)).setRebalanceCooldown(Duration.ofMillis(100));

  @Test
  void aNatsRestartMovesNothingAndRestartsNothing(NatsServer nats) throws Exception {
    rideOut(nats, Duration.ZERO);
  }

  /**
   * An outage longer than the leader lease and the death bound (9 s) but shorter than the id lease: the leader's
   * term ends, and every heartbeat is stale when NATS comes back. The silence was everyone's, not deaths.
   */
  @Test
  void anOutageLongerThanTheLeaderLeaseAndTheDeathBoundMovesNothing(NatsServer nats) throws Exception {
    rideOut(nats, OPTIONS.getHeartbeatTtl().plus(OPTIONS.getEmergencyGracePeriod()).plusSeconds(3));
  }

  private void rideOut(NatsServer nats, Duration outage) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 12)) {
      List<Fleet.Worker> workers = fleet.startSettled(3, nats.url(), OPTIONS, Duration.ofSeconds(20));
      fleet.awaitUntil(Duration.ofSeconds(20), () -> workers.stream().allMatch(w -> w.coordinator.state() != WorkerState.WAITING_ASSIGNMENT));
      Map<Fleet.Worker, String> ids = new HashMap<>();
      workers.forEach(w -> ids.put(w, w.id()));
      Map<String, java.util.Set<String>> assignment = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();

      nats.kill();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> workers.stream().allMatch(w -> w.coordinator.state() == WorkerState.DEGRADED));
      Thread.sleep(outage.toMillis()); // the outage itself: time passing is what is under test
      nats.restart();
      fleet.awaitUntil(Duration.ofSeconds(30), () -> workers.stream().allMatch(w -> w.coordinator.state() != WorkerState.DEGRADED
          && w.coordinator.state() != WorkerState.CLAIMING_ID));

      for (Fleet.Worker w : workers) {
        assertThat(w.id()).isEqualTo(ids.get(w));
      }
      // For a death bound after the restart: a leader that took the silence of its own outage for deaths would move
      // partitions within it.
      Duration deathBound = OPTIONS.getHeartbeatTtl().plus(OPTIONS.getEmergencyGracePeriod());
      await().during(deathBound).atMost(deathBound.plusSeconds(5)).until(() -> fleet.registry.byWorker().equals(assignment)
          && fleet.registry.intervals().size() == runs);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
