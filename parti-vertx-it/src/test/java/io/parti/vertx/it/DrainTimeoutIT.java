package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition verticle whose stop outlives the drain bound: the hand-off goes on after the bound, and says so. */
class DrainTimeoutIT extends FleetTest {

  @Test
  void theHandOffProceedsAfterTheDrainBoundAndReportsIt(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast().setDrainTimeout(Duration.ofMillis(300));
    try (Fleet fleet = new Fleet(options, 8).drainMillis(4_000)) {
      Fleet.Worker first = Fleet.await(fleet.startAsync(nats.url(), options));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().getOrDefault(first.id(), Set.of()).size() == 8);

      long joined = System.nanoTime();
      Fleet.Worker second = Fleet.await(fleet.startAsync(nats.url(), options));
      // The moved partitions start on the newcomer long before the 4 s drains end.
      fleet.awaitUntil(Duration.ofSeconds(3), () -> !fleet.registry.byWorker().getOrDefault(second.id(), Set.of()).isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - joined)).isLessThan(Duration.ofMillis(3_500));

      Set<String> moved = fleet.registry.byWorker().get(second.id());
      assertThat(moved).as(fleet.describe()).isNotNull();
      fleet.awaitUntil(Duration.ofSeconds(2), () -> reported(fleet).containsAll(moved));
      for (JsonObject event : fleet.handoffEvents) {
        assertThat(event.getString("workerId")).isEqualTo(first.id());
        assertThat(event.getString("event")).isEqualTo("drain-timeout");
        assertThat(event.getLong("drainTimeoutMs")).isEqualTo(300L);
      }

      // Nothing deadlocked: the slow drains finish on their own, and the fleet still rebalances.
      fleet.startAsync(nats.url(), options);
      fleet.awaitUntil(Duration.ofSeconds(15), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
    }
  }

  private static Set<String> reported(Fleet fleet) {
    Set<String> partitions = new TreeSet<>();
    fleet.handoffEvents.forEach(e -> partitions.add(e.getString("partition")));
    return partitions;
  }
}
