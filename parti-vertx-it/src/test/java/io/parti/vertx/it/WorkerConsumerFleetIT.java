package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.PartitionContext;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

  /** One handler run: the message's id, the worker, and whether it was the message's first delivery. */
  private record Run(long id, String worker, boolean firstDelivery) {
  }

  private final Map<String, List<Run>> runsByPartition = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicInteger>> runningByPartition = new ConcurrentHashMap<>();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final Map<Long, AtomicInteger> handled = new ConcurrentHashMap<>();

  private Future<?> handle(PartitionContext partition, Message message) {
    String id = partition.partition().id();
    Map<String, AtomicInteger> running = runningByPartition.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
    running.computeIfAbsent(partition.workerId(), k -> new AtomicInteger()).incrementAndGet();
    running.forEach((worker, count) -> {
      if (!worker.equals(partition.workerId()) && count.get() > 0) {
        overlaps.incrementAndGet();
      }
    });
    long messageId = Long.parseLong(new String(message.getData(), StandardCharsets.UTF_8));
    runsByPartition.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
        .add(new Run(messageId, partition.workerId(), message.metaData().deliveredCount() == 1));
    handled.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
    // Work that takes a moment, so that a move or a kill finds handlers in flight.
    return Vertx.currentContext().owner().timer(5).andThen(done -> running.get(partition.workerId()).decrementAndGet());
  }

  @Test
  void nothingIsLostAndNothingHandledTwiceExceptInFlightOnAKilledWorker(NatsServer nats) throws Exception {
    try (Connection connection = Nats.connect(nats.url())) {
      connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("FLEET").subjects("fleet.>")
          .storageType(StorageType.Memory).build());
      WorkerConsumerOptions options = new WorkerConsumerOptions().setStream("FLEET").setSubject("fleet.{{partition}}.>")
          .setMaxAckPending(MAX_ACK_PENDING).setBatchSize(50).setMaxConcurrency(4).setAckWait(Duration.ofSeconds(2));
      try (Fleet fleet = new Fleet(PartiOptions.fast(), PARTITIONS)
          .partitionVerticles(c -> WorkerConsumer.jetStream(c, options, this::handle))) {
        for (int i = 0; i < 3; i++) {
          fleet.start(nats.url());
        }
        AtomicLong published = new AtomicLong();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> produce(connection, published));

        awaitPublished(published, 10_000);
        Fleet.Worker fourth = fleet.start(nats.url());
        fleet.start(nats.url());
        awaitPublished(published, 20_000);
        List<Fleet.Worker> workers = fleet.workers();
        workers.get(0).stop();
        workers.get(1).stop();
        awaitPublished(published, 30_000);
        Fleet.Worker killed = fourth;
        String killedId = killed.id();
        Set<String> killedOwned = partitionIds(killed);
        assertThat(killedOwned).as("the worker to kill owns partitions").isNotEmpty();
        killed.crash();
        awaitPublished(published, 40_000);
        // Rolling restart: a worker leaves gracefully and a new process takes its place.
        workers.get(2).stop();
        fleet.start(nats.url());

        producer.get(60, TimeUnit.SECONDS);
        fleet.awaitUntil(Duration.ofSeconds(60), () -> handled.size() == MESSAGES);

        assertThat(overlaps).as("handler runs of one partition on two workers at once").hasValue(0);
        Set<Long> duplicated = new HashSet<>();
        handled.forEach((id, count) -> {
          if (count.get() > 1) {
            duplicated.add(id);
          }
        });
        Set<Long> ranOnKilled = new HashSet<>();
        runsByPartition.values().forEach(runs -> runs.forEach(r -> {
          if (r.worker().equals(killedId)) {
            ranOnKilled.add(r.id());
          }
        }));
        assertThat(ranOnKilled).as("the killed worker handled messages").isNotEmpty();
        assertThat(ranOnKilled).as("only messages that ran on the killed worker are handled twice").containsAll(duplicated);
        assertThat(duplicated.size()).as("duplicates bounded by what the killed worker held")
            .isLessThanOrEqualTo(killedOwned.size() * MAX_ACK_PENDING);
        System.out.printf("fleet run: %d messages, %d handled twice (all in flight on %s, which owned %d partitions)%n",
            MESSAGES, duplicated.size(), killedId, killedOwned.size());
        runsByPartition.forEach((partition, runs) -> {
          List<Long> firsts = new ArrayList<>();
          runs.forEach(r -> {
            if (r.firstDelivery()) {
              firsts.add(r.id());
            }
          });
          assertThat(firsts).as("first deliveries of " + partition + " in publish order").isSorted();
        });
      }
    }
  }

  /** Publishes MESSAGES ids round-robin over the partitions, ~5,000 a second, acknowledged by the stream. */
  private static void produce(Connection connection, AtomicLong published) {
    try {
      var js = connection.jetStream();
      List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
      long started = System.nanoTime();
      for (long id = 0; id < MESSAGES; id++) {
        acks.add(js.publishAsync("fleet.p" + id % PARTITIONS + ".x", Long.toString(id).getBytes(StandardCharsets.UTF_8)));
        if (acks.size() == 500) {
          CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
          acks.clear();
          published.set(id + 1);
          long due = started + TimeUnit.MILLISECONDS.toNanos((id + 1) / 5);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait); // the producer's pace, on its own thread
          }
        }
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      published.set(MESSAGES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitPublished(AtomicLong published, long count) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> published.get() >= count);
  }

  private static Set<String> partitionIds(Fleet.Worker worker) {
    Set<String> ids = new HashSet<>();
    worker.coordinator.assignment().forEach(p -> ids.add(p.id()));
    return ids;
  }

}
