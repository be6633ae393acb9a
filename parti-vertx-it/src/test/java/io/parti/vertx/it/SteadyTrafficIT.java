package io.parti.vertx.it;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A settled fleet costs NATS what its liveness needs and nothing more: a follower writes its heartbeat and renews its
 * id; it does not poll the leader key while the leader's renewals keep arriving (a create and a read every poll were
 * most of a steady fleet's KV operations), nor read anything else.
 */
class SteadyTrafficIT extends FleetTest {

  @Test
  void aFollowerOfALiveLeaderOnlyBeatsAndRenews(NatsServer nats) throws Exception {
    PartiOptions options = PartiOptions.fast();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Fleet fleet = new Fleet(options, 8).meterRegistry(registry)) {
      List<Fleet.Worker> workers = fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(20));
      List<String> followers = workers.stream().filter(w -> !w.coordinator.isLeader()).map(Fleet.Worker::id).toList();
      long reads = count(registry, followers, "create") + count(registry, followers, "get") + count(registry, followers, "latest");
      long beats = count(registry, followers, "put");
      Duration window = options.getElectionTimeout().multipliedBy(2);
      await().during(window).atMost(window.plusSeconds(5)).until(() ->
          count(registry, followers, "create") + count(registry, followers, "get") + count(registry, followers, "latest") == reads);
      assertThat(count(registry, followers, "put") - beats).as("heartbeats written meanwhile")
          .isGreaterThanOrEqualTo(followers.size() * window.toMillis() / options.getHeartbeatInterval().toMillis() / 2);
    }
  }

  private static long count(SimpleMeterRegistry registry, List<String> workers, String operation) {
    return registry.find("parti.kv.operation").tag("operation", operation).timers().stream()
        .filter(t -> workers.contains(t.getId().getTag("worker"))).mapToLong(Timer::count).sum();
  }
}
