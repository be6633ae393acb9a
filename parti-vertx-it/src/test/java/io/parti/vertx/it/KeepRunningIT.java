package io.parti.vertx.it;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link DegradedPolicy#KEEP_RUNNING}: a NATS outage three times as long as the id lease moves nothing and restarts
 * nothing. Every worker goes {@code DEGRADED}, runs on, and comes back under its own id and session.
 */
class KeepRunningIT extends FleetTest {

  private static final PartiOptions OPTIONS = PartiOptions.fast().setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);

  @Test
  void anOutageOfThreeLeasesIsRiddenOutWithoutARestart(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 12)) {
      List<Fleet.Worker> workers = fleet.startSettled(3, nats.url(), OPTIONS, Duration.ofSeconds(20));
      Identities identities = new Identities(workers);
      Map<String, Set<String>> assignment = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();

      nats.kill();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> workers.stream().allMatch(w -> w.coordinator.state() == WorkerState.DEGRADED));
      Thread.sleep(OPTIONS.getWorkerIdTtl().multipliedBy(3).toMillis()); // the outage itself: three id leases
      assertThat(fleet.registry.byWorker()).as("still running, out of contact").isEqualTo(assignment);
      nats.restart();

      fleet.awaitUntil(Duration.ofSeconds(30), () -> workers.stream().allMatch(w -> w.coordinator.state() != WorkerState.DEGRADED
          && w.id() != null));
      identities.assertKept();
      Duration deathBound = OPTIONS.getHeartbeatTtl().plus(OPTIONS.getEmergencyGracePeriod());
      await().during(deathBound).atMost(deathBound.plusSeconds(5)).until(() -> fleet.registry.byWorker().equals(assignment)
          && fleet.registry.intervals().size() == runs);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
