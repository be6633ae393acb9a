package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a server without permissions anyone can write the assignment key. A copy of the record with only its version
 * raised to 9,999,999 is refused by every worker (a log line and {@code parti.kv.ignored.values}), the leader writes its
 * own record back over it at once, nothing moves, and the fleet goes on: a worker that joins later gets its share.
 */
class ForgedRecordIT extends FleetTest {

  private static final PartiOptions OPTIONS = PartiOptions.fast();

  @Test
  void aRecordWithItsVersionRaisedIsNotAdopted(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 12); Connection forger = Nats.connect(nats.url())) {
      fleet.startSettled(2, nats.url(), OPTIONS, Duration.ofSeconds(20));
      Map<String, Set<String>> before = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();
      KeyValue assignments = forger.keyValue(fleet.group + "-assign");
      String record = new String(assignments.get("assignment").getValue(), StandardCharsets.UTF_8);
      String forged = record.replaceFirst("\"version\":\\d+", "\"version\":9999999");
      assertThat(forged).isNotEqualTo(record);

      long forgedAt = assignments.put("assignment", forged.getBytes(StandardCharsets.UTF_8));

      // The leader writes back over it: the key holds a record of a plausible version again.
      fleet.awaitUntil(Duration.ofSeconds(10), () -> {
        var entry = assignments.get("assignment");
        return entry.getRevision() > forgedAt && !new String(entry.getValue(), StandardCharsets.UTF_8).contains("9999999");
      });
      assertThat(fleet.workers()).allSatisfy(w -> assertThat(w.coordinator.assignmentVersion()).isLessThan(1_000));
      assertThat(fleet.registry.byWorker()).isEqualTo(before);
      assertThat(fleet.registry.intervals()).hasSize(runs);

      Fleet.Worker joined = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().containsKey(joined.id()));
      assertThat(fleet.workers()).allSatisfy(w -> assertThat(w.coordinator.assignmentVersion()).isLessThan(1_000));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
