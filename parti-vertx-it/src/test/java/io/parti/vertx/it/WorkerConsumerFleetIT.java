package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JetStream worker consumer while the fleet changes under load: 3 workers, 16 partitions, 50,000 messages with
 * unique ids; the fleet scales 3→5→2 (one of the leavers is killed) and then restarts a worker in a rolling way.
 * Every message is handled; only messages in flight on the killed worker are handled twice; per partition, first
 * deliveries come in publish order; and no partition's handler ever runs on two workers at the same time.
 */
class WorkerConsumerFleetIT extends FleetTest {

  private static final int MESSAGES = 50_000;
  private static final int PARTITIONS = 16;
  private static final int MAX_ACK_PENDING = 200;

  private final MessageLedger ledger = new MessageLedger(5);

  @Test
  void nothingIsLostAndNothingHandledTwiceExceptInFlightOnAKilledWorker(NatsServer nats) throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("FLEET").subjects("fleet.>")
          .storageType(StorageType.Memory).build());
      WorkerConsumerOptions options = new WorkerConsumerOptions().setStream("FLEET").setSubject("fleet.{{partition}}.>")
          .setMaxAckPending(MAX_ACK_PENDING).setBatchSize(50).setMaxConcurrency(4).setAckWait(Duration.ofSeconds(2));
      try (Fleet fleet = new Fleet(PartiOptions.fast(), PARTITIONS)
          .partitionVerticles(c -> WorkerConsumer.jetStream(c, options, ledger.handler(c.getOptions().getConnectionName())));
           LedgerProducer producer = new LedgerProducer(connection, id -> "fleet.p" + id % PARTITIONS + ".x", 5_000, MESSAGES, ledger)) {
        for (int i = 0; i < 3; i++) {
          fleet.start(nats.url());
        }
        producer.awaitPublished(10_000, Duration.ofSeconds(60));
        Fleet.Worker fourth = fleet.start(nats.url());
        fleet.start(nats.url());
        producer.awaitPublished(20_000, Duration.ofSeconds(60));
        List<Fleet.Worker> workers = fleet.workers();
        workers.get(0).stop();
        workers.get(1).stop();
        producer.awaitPublished(30_000, Duration.ofSeconds(60));
        Fleet.Worker killed = fourth;
        Set<String> killedOwned = partitionIds(killed);
        assertThat(killedOwned).as("the worker to kill owns partitions").isNotEmpty();
        killed.crash();
        ledger.crashed(killed.name());
        producer.awaitPublished(40_000, Duration.ofSeconds(60));
        // Rolling restart: a worker leaves gracefully and a new process takes its place.
        workers.get(2).stop();
        fleet.start(nats.url());

        producer.finish(Duration.ofSeconds(60));
        assertThat(ledger.publishedCount()).as("messages the stream acknowledged").isEqualTo(MESSAGES);
        try {
          fleet.awaitUntil(Duration.ofSeconds(60), ledger::allHandled);
        } catch (AssertionError e) {
          throw new AssertionError("never handled: " + ledger.lost(), e);
        }

        assertThat(ledger.overlaps()).as("handler runs of one partition on two workers at once").isEmpty();
        assertThat(fleet.registry.overlaps()).as("partition verticles running on two workers at once").isEmpty();
        Map<Long, List<MessageLedger.Run>> repeated = ledger.repeated();
        String killedProcess = killed.name();
        assertThat(ledger.runsByPartition().values()).as("the killed worker handled messages")
            .anyMatch(runs -> runs.stream().anyMatch(r -> r.process().equals(killedProcess)));
        assertThat(repeated.values()).as("only messages that ran on the killed worker are handled twice")
            .allMatch(runs -> runs.stream().anyMatch(r -> r.process().equals(killedProcess)));
        assertThat(repeated.size()).as("duplicates bounded by what the killed worker held")
            .isLessThanOrEqualTo(killedOwned.size() * MAX_ACK_PENDING);
        System.out.printf("fleet run: %d messages, %d handled twice (all in flight on the killed worker, which owned %d partitions)%n",
            MESSAGES, repeated.size(), killedOwned.size());
        ledger.runsByPartition().forEach((partition, runs) -> {
          List<Long> firsts = runs.stream().filter(MessageLedger.Run::firstDelivery).map(MessageLedger.Run::id).toList();
          assertThat(firsts).as("first deliveries of " + partition + " in publish order").isSorted();
        });
      }
    }
  }

  private static Set<String> partitionIds(Fleet.Worker worker) {
    Set<String> ids = new HashSet<>();
    worker.coordinator.assignment().forEach(p -> ids.add(p.id()));
    return ids;
  }

}
