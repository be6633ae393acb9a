package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet that lost NATS for longer than its id lease comes back with the ids it had, also when lower ids are free,
 * and so with the assignment it had.
 */
class OutageIdsIT extends FleetTest {

  @Test
  void workersReclaimTheirOwnIdsAfterAnOutageLongerThanTheLease(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 12)) {
      Fleet.Worker leaving = fleet.start(nats.url());
      List<Fleet.Worker> staying = List.of(fleet.start(nats.url()), fleet.start(nats.url()));
      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.registry.byWorker().size() == 3
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      leaving.stop(); // its id, the lowest, is free from now on
      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.registry.byWorker().size() == 2
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      Map<Fleet.Worker, String> ids = new HashMap<>();
      staying.forEach(w -> ids.put(w, w.id()));
      Map<String, Set<String>> assignment = fleet.registry.byWorker();

      nats.kill();
      // Past the id lease deadline (2.4 s with fast()) every worker has self-fenced: its id is gone.
      fleet.awaitUntil(Duration.ofSeconds(20), () -> staying.stream().allMatch(w -> w.id() == null));
      nats.restart();

      fleet.awaitUntil(Duration.ofSeconds(30), () -> staying.stream().allMatch(w -> w.id() != null)
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      for (Fleet.Worker w : staying) {
        assertThat(w.id()).as("the id of the worker that had %s", ids.get(w)).isEqualTo(ids.get(w));
      }
      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.registry.byWorker().equals(assignment));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
