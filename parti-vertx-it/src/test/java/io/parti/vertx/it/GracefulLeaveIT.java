package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Undeploying a coordinator is a graceful leave: its partitions are handed off before anything else stops. */
class GracefulLeaveIT extends FleetTest {

  @Test
  void undeployingACoordinatorHandsItsPartitionsOffGateFirst(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 16).drainMillis(50)) {
      Fleet.Worker leaving = fleet.start(nats.url());
      Fleet.Worker staying = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 2);

      leaving.stop();

      assertThat(fleet.registry.byWorker()).containsOnlyKeys(staying.id());
      assertThat(fleet.registry.byWorker().get(staying.id())).isEqualTo(fleet.partitionIds());
      assertThat(fleet.registry.stoppedWhileOwned()).as("partitions stopped before their gate closed").isEmpty();
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  @Test
  void aLeaveIsNotHeldUpByASlowDrain(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast().setDrainTimeout(Duration.ofMillis(300));
    try (Fleet fleet = new Fleet(options, 8).drainMillis(6_000)) {
      Fleet.Worker leaving = Fleet.await(fleet.startAsync(nats.url(), options));
      Fleet.Worker staying = Fleet.await(fleet.startAsync(nats.url(), options));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().size() == 2);

      long start = System.nanoTime();
      Fleet.await(leaving.vertx.undeploy(leaving.deploymentId));
      // Bounded by the drain timeout, not by the 6 s drains.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      fleet.awaitUntil(Duration.ofSeconds(5), () -> fleet.registry.byWorker().getOrDefault(staying.id(), Set.of())
          .equals(fleet.partitionIds()));
      assertThat(fleet.handoffEvents).anyMatch(e -> "drain-timeout".equals(e.getString("event")));
    }
  }
}
