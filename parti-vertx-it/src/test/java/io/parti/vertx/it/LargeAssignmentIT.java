package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 partitions over 3 coordinators converge: the whole assignment travels as one compressed record
 * under NATS' default 1 MiB payload limit, and nothing large is computed on an event loop (the blocked-thread
 * check of {@link FleetTest} would fail the test).
 */
class LargeAssignmentIT extends FleetTest {

  @Test
  void hundredThousandPartitionsOverThreeCoordinatorsConverge(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 100_000, AssignmentStrategy.stickyBalanced())) {
      for (int i = 0; i < 3; i++) {
        fleet.startAsync(nats.url(), PartiOptions.fast());
      }
      Set<String> all = fleet.partitionIds();
      // Checking 100,000 partitions costs CPU the coordinators need: look twice a second.
      fleet.awaitUntil(Duration.ofSeconds(120), Duration.ofMillis(500), () -> fleet.registry.exactlyOnce(all, fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
      Map<String, Set<String>> byWorker = fleet.registry.byWorker();
      byWorker.values().forEach(owned -> assertThat(owned.size()).isBetween(33_000, 34_000));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
