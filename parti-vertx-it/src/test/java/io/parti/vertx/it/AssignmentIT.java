package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AssignmentIT extends FleetTest {

  @Test
  void threeWorkersRunEveryPartitionExactlyOnceAndTheEventsMatch(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 32)) {
      for (int i = 0; i < 3; i++) {
        fleet.startAsync(nats.url(), PartiOptions.fast());
      }
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.workers().stream().allMatch(w -> w.deploymentId != null)
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);

      // What the events say each worker runs (its latest event) is what its verticles say.
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        Map<String, Set<String>> fromEvents = new TreeMap<>();
        for (Fleet.Worker w : fleet.workers()) {
          List<JsonObject> events = w.assignmentEvents;
          JsonObject last = events.get(events.size() - 1);
          assertThat(last.getString("workerId")).isEqualTo(w.id());
          Set<String> partitions = new TreeSet<>();
          last.getJsonArray("partitions").forEach(p -> partitions.add((String) p));
          fromEvents.put(w.id(), partitions);
        }
        assertThat(fromEvents).isEqualTo(fleet.registry.byWorker());
      });
      // added/removed replay to the same sets, and versions only grow.
      for (Fleet.Worker w : fleet.workers()) {
        Set<String> replay = new TreeSet<>();
        long version = 0;
        for (JsonObject e : w.assignmentEvents) {
          assertThat(e.getLong("version")).isGreaterThanOrEqualTo(version);
          version = e.getLong("version");
          e.getJsonArray("removed").forEach(replay::remove);
          e.getJsonArray("added").forEach(p -> replay.add((String) p));
        }
        assertThat(replay).isEqualTo(fleet.registry.byWorker().get(w.id()));
      }
      assertThat(fleet.registry.overlaps()).isEmpty();
      assertThat(fleet.workers().stream().filter(w -> w.coordinator.isLeader())).hasSize(1);
      fleet.workers().forEach(w -> assertThat(w.invalidTransitions()).isZero());
    }
  }
}
