package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Values written by a third party into the coordination buckets are ignored; the coordinators keep working. */
class GarbageIT extends FleetTest {

  @Test
  void garbageInTheAssignmentAndHeartbeatBucketsIsIgnored(NatsServer nats) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);
    try (Fleet fleet = new Fleet(PartiOptions.fast(), 16);
         Connection intruder = Nats.connect(new Options.Builder().server(nats.url()).build())) {
      fleet.start(nats.url());
      fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      AssignmentLog log = fleet.assignmentLog(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(5), () -> log.last() != null);
      long versionBefore = log.last().version();

      KeyValue assignments = intruder.keyValue(fleet.group + "-assign");
      KeyValue heartbeats = intruder.keyValue(fleet.group + "-hb");
      for (String junk : new String[] {"not json", "{\"version\":\"x\"}", "[1,2,3]", "{}", "\u001f\u008b broken gzip"}) {
        assignments.put("assignment", junk.getBytes(StandardCharsets.ISO_8859_1));
        heartbeats.put("worker-0", junk.getBytes(StandardCharsets.ISO_8859_1));
        heartbeats.put("intruder", junk.getBytes(StandardCharsets.ISO_8859_1));
      }
      heartbeats.put("impostor", "{\"workerId\":\"worker-9\",\"applied\":1}".getBytes(StandardCharsets.UTF_8));

      // A third worker joins: the leader must still commit (over the garbage) and every worker apply it.
      fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().size() == 3);
      assertThat(log.last().version()).isGreaterThan(versionBefore);
      assertThat(log.last().workers()).containsExactlyElementsOf(fleet.liveWorkerIds());
      assertThat(fleet.registry.overlaps()).isEmpty();
      double ignored = meters.find("parti.kv.ignored.values").tag("group", fleet.group).counters().stream()
          .mapToDouble(c -> c.count()).sum();
      assertThat(ignored).as("values counted as ignored").isGreaterThanOrEqualTo(5);
      Metrics.removeRegistry(meters);
      fleet.workers().forEach(w -> assertThat(w.invalidTransitions()).isZero());
    }
  }
}
