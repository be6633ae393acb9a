package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a server without permissions anyone can write the assignment key. A copy of the record that no leader can have
 * written is refused by every worker (a log line and {@code parti.kv.ignored.values}), the leader writes its own
 * record back over it at once, nothing moves, nobody is deposed, and the fleet goes on: a worker that joins later
 * gets its share. Forged here: the version raised to 9,999,999; the epoch raised to 9,999,999 (which would depose
 * every leader to come); and the version raised by one under an older epoch, with the owners swapped.
 */
class ForgedRecordIT extends FleetTest {

  private static final PartiOptions OPTIONS = PartiOptions.fast();

  @Test
  void aRecordWithItsVersionRaisedIsNotAdopted(NatsServer nats) throws Exception {
    refused(nats, record -> record.put("version", 9_999_999L));
  }

  @Test
  void aRecordWithItsEpochRaisedDeposesNobody(NatsServer nats) throws Exception {
    refused(nats, record -> record.put("version", record.getLong("version") + 1).put("epoch", 9_999_999L));
  }

  @Test
  void aRecordOfAnOlderEpochMovesNothing(NatsServer nats) throws Exception {
    refused(nats, record -> {
      JsonArray slots = record.getJsonArray("slots");
      for (int i = 0; i < slots.size(); i++) {
        JsonArray slot = slots.getJsonArray(i);
        slot.set(1, 1 - slot.getInteger(1)); // two workers: every partition to the other one
      }
      return record.put("version", record.getLong("version") + 1).put("epoch", record.getLong("epoch") - 1);
    });
  }

  private void refused(NatsServer nats, UnaryOperator<JsonObject> forge) throws Exception {
    try (Fleet fleet = new Fleet(OPTIONS, 12); Connection forger = Nats.connect(nats.url())) {
      fleet.startSettled(2, nats.url(), OPTIONS, Duration.ofSeconds(20));
      Map<String, Set<String>> before = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();
      Fleet.Worker leader = fleet.leader();
      KeyValue assignments = forger.keyValue(fleet.group + "-assign");
      JsonObject record = new JsonObject(new String(assignments.get("assignment").getValue(), StandardCharsets.UTF_8));
      long epoch = record.getLong("epoch");
      JsonObject forged = forge.apply(record.copy());
      assertThat(forged).isNotEqualTo(record);

      long forgedAt = assignments.put("assignment", forged.toBuffer().getBytes());

      // The leader writes back over it: the key holds a record of its own epoch and a plausible version again.
      fleet.awaitUntil(Duration.ofSeconds(10), () -> {
        JsonObject stored = new JsonObject(new String(assignments.get("assignment").getValue(), StandardCharsets.UTF_8));
        return assignments.get("assignment").getRevision() > forgedAt && stored.getLong("epoch") == epoch
            && stored.getLong("version") < 1_000;
      });
      assertThat(fleet.workers()).allSatisfy(w -> assertThat(w.coordinator.assignmentVersion()).isLessThan(1_000));
      assertThat(fleet.leader()).isSameAs(leader);
      assertThat(fleet.registry.byWorker()).isEqualTo(before);
      assertThat(fleet.registry.intervals()).hasSize(runs);

      Fleet.Worker joined = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofSeconds(20), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().containsKey(joined.id()));
      assertThat(fleet.workers()).allSatisfy(w -> assertThat(w.coordinator.assignmentVersion()).isLessThan(1_000));
      assertThat(fleet.leader()).isSameAs(leader);
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
