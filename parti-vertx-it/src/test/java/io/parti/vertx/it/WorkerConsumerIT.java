package io.parti.vertx.it;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.PartitionMessageHandler;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The JetStream worker consumer on one worker: acks, redeliveries, dead letters, keep-alive, key order, a lost durable. */
class WorkerConsumerIT extends FleetTest {

  private static final AtomicInteger STREAMS = new AtomicInteger();
  private final String stream = "WC" + STREAMS.incrementAndGet();
  private final String prefix = stream.toLowerCase();
  private Connection connection;
  private JetStreamManagement jsm;
  private Fleet fleet;

  @BeforeEach
  void createStream(NatsServer nats) throws Exception {
    connection = Nats.connect(nats.url());
    jsm = connection.jetStreamManagement();
    addStream();
  }

  private void addStream() throws Exception {
    jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>").storageType(StorageType.Memory).build());
  }

  @AfterEach
  void close() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    connection.close();
  }

  private WorkerConsumerOptions options() {
    return new WorkerConsumerOptions().setStream(stream).setSubject(prefix + ".{{partition}}.>").setNakDelay(Duration.ofMillis(20));
  }

  /** One worker owning partitions p0..p3, consuming with {@code handler}. */
  private void startWorker(NatsServer nats, WorkerConsumerOptions options, PartitionMessageHandler handler) throws Exception {
    fleet = new Fleet(PartiOptions.fast(), 4).partitionVerticles(c -> WorkerConsumer.jetStream(c, options, handler));
    fleet.start(nats.url());
    fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.workers().get(0).coordinator.assignment().size() == 4);
  }

  private void publish(String partition, int id, UnaryOperator<Headers> headers) throws Exception {
    connection.jetStream().publish(NatsMessage.builder().subject(prefix + "." + partition + ".x")
        .headers(headers.apply(new Headers())).data(Integer.toString(id), StandardCharsets.UTF_8).build());
  }

  private static String body(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  private long ackPending(Partition partition) throws Exception {
    String durable = WorkerConsumer.jetStream(connection, options(), (p, m) -> Future.succeededFuture()).durableName(fleet.group, partition);
    return jsm.getConsumerInfo(stream, durable).getNumAckPending();
  }

  @Test
  void aMessageWhoseHandlerFailsOnceIsRedeliveredThenAckedAndEveryHandlerSeesTheOwnerEpoch(NatsServer nats) throws Exception {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Set<String> done = ConcurrentHashMap.newKeySet();
    Set<Long> epochs = ConcurrentHashMap.newKeySet();
    Map<String, Set<io.vertx.core.Context>> contexts = new ConcurrentHashMap<>();
    startWorker(nats, options(), (partition, m) -> {
      epochs.add(partition.epoch());
      contexts.computeIfAbsent(partition.partition().id(), k -> ConcurrentHashMap.newKeySet()).add(io.vertx.core.Vertx.currentContext());
      if (attempts.merge(body(m), 1, Integer::sum) == 1) {
        return Future.failedFuture("first attempt fails");
      }
      done.add(body(m));
      return Future.succeededFuture();
    });
    for (int i = 0; i < 40; i++) {
      publish("p" + i % 4, i, h -> h);
    }
    fleet.awaitUntil(Duration.ofSeconds(15), () -> done.size() == 40);
    assertThat(attempts.values()).containsOnly(2);
    assertThat(epochs).allMatch(e -> e > 0);
    // Each partition's handler runs on one Vert.x context, its verticle's: never on the fetch thread.
    assertThat(contexts).hasSize(4).allSatisfy((partition, seen) -> assertThat(seen).hasSize(1).doesNotContainNull());
    fleet.awaitUntil(Duration.ofSeconds(5), () -> ackPending(Partition.of("p1")) == 0);
    // No server-side delivery limit: at it the server would drop a message silently, even one that only moved often.
    String durable = WorkerConsumer.jetStream(connection, options(), (p, m) -> Future.succeededFuture()).durableName(fleet.group, Partition.of("p1"));
    assertThat(jsm.getConsumerInfo(stream, durable).getConsumerConfiguration().getMaxDeliver()).isEqualTo(-1);
  }

  @Test
  void aPoisonMessageIsGivenUpAtMaxDeliverAndPublishedWithItsHeadersToTheDeadLetterSubject(NatsServer nats) throws Exception {
    jsm.addStream(StreamConfiguration.builder().name(stream + "DLQ").subjects("dlq." + prefix + ".>").storageType(StorageType.Memory).build());
    AtomicInteger attempts = new AtomicInteger();
    startWorker(nats, options().setMaxDeliver(3).setDeadLetterSubject("dlq." + prefix + ".{{partition}}"), (partition, m) -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IllegalStateException("cannot parse\norder 7"));
    });
    publish("p2", 7, h -> h.put("Order-Id", "o-7").put("Nats-Msg-Id", "order-7"));
    fleet.awaitUntil(Duration.ofSeconds(15), () -> jsm.getStreamInfo(stream + "DLQ").getStreamState().getMsgCount() == 1);
    MessageInfo letter = jsm.getMessage(stream + "DLQ", 1);
    assertThat(letter.getSubject()).isEqualTo("dlq." + prefix + ".p2");
    assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("7");
    assertThat(letter.getHeaders().getFirst("Order-Id")).isEqualTo("o-7");
    // Nats-* headers are directives to the stream the message came from: not carried over (a message id would make a
    // second dead letter of the same message a silent duplicate).
    assertThat(letter.getHeaders().keySet()).noneMatch(name -> name.startsWith("Nats-"));
    assertThat(letter.getHeaders().getFirst("Parti-Failure")).contains("cannot parse?order 7");
    assertThat(letter.getHeaders().getFirst("Parti-Deliveries")).isEqualTo("3");
    assertThat(letter.getHeaders().getFirst("Parti-Subject")).isEqualTo(prefix + ".p2.x");
    assertThat(attempts).hasValue(3);
    fleet.awaitUntil(Duration.ofSeconds(5), () -> ackPending(Partition.of("p2")) == 0);
  }

  @Test
  void aHandlerRunningLongerThanTheAckWaitIsKeptAliveAndNotRedelivered(NatsServer nats) throws Exception {
    List<Long> deliveries = new CopyOnWriteArrayList<>();
    AtomicInteger done = new AtomicInteger();
    startWorker(nats, options().setAckWait(Duration.ofSeconds(1)), (partition, m) -> {
      deliveries.add(m.metaData().deliveredCount());
      return fleet.workers().get(0).vertx.timer(2500).andThen(x -> done.incrementAndGet()).mapEmpty();
    });
    publish("p0", 1, h -> h);
    fleet.awaitUntil(Duration.ofSeconds(10), () -> done.get() == 1 && ackPending(Partition.of("p0")) == 0);
    assertThat(deliveries).containsExactly(1L);
  }

  @Test
  void aHandlerThrowingAnErrorNaksItsMessageAndThePartitionGoesOn(NatsServer nats) throws Exception {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    startWorker(nats, options(), (partition, m) -> {
      if (attempts.merge(body(m), 1, Integer::sum) == 1 && body(m).equals("0")) {
        throw new AssertionError("an Error, not an exception");
      }
      handled.add(body(m));
      return Future.succeededFuture();
    });
    for (int i = 0; i < 5; i++) {
      publish("p3", i, h -> h);
    }
    fleet.awaitUntil(Duration.ofSeconds(10), () -> handled.size() == 5);
    assertThat(attempts).containsEntry("0", 2);
    assertThat(handled).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
  }

  @Test
  void perKeyOrderHoldsWhenHandlersFail(NatsServer nats) throws Exception {
    Map<String, List<Integer>> completed = new ConcurrentHashMap<>();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Set<String> running = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    startWorker(nats, options().setOrderedByKey(true).setMaxConcurrency(4), (partition, m) -> {
      String key = m.getHeaders().getFirst("Parti-Key");
      int seq = Integer.parseInt(body(m));
      if (!running.add(key)) {
        overlaps.incrementAndGet();
      }
      Promise<Void> result = Promise.promise();
      fleet.workers().get(0).vertx.setTimer(1 + seq % 3, t -> {
        running.remove(key);
        if (seq % 3 == 0 && attempts.merge(body(m), 1, Integer::sum) == 1) { // a third of each key's messages
          result.fail("fails once");
          return;
        }
        completed.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
        done.incrementAndGet();
        result.complete();
      });
      return result.future();
    });
    int perKey = 24;
    for (int seq = 0; seq < perKey * 4; seq++) {
      String key = "k" + seq % 4;
      publish("p1", seq, h -> h.put("Parti-Key", key));
    }
    fleet.awaitUntil(Duration.ofSeconds(20), () -> done.get() == perKey * 4);
    assertThat(overlaps).hasValue(0);
    assertThat(completed).hasSize(4);
    completed.values().forEach(seqs -> assertThat(seqs).hasSize(perKey).isSorted());
  }

  @Test
  void aDurableDeletedUnderARunningConsumerIsCreatedAgainAndNothingIsLost(NatsServer nats) throws Exception {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    startWorker(nats, options(), (partition, m) -> {
      handled.add(body(m));
      return Future.succeededFuture();
    });
    for (int i = 0; i < 100; i++) {
      publish("p0", i, h -> h);
    }
    fleet.awaitUntil(Duration.ofSeconds(10), () -> handled.size() == 100);
    String durable = WorkerConsumer.jetStream(connection, options(), (p, m) -> Future.succeededFuture()).durableName(fleet.group, Partition.of("p0"));
    assertThat(jsm.deleteConsumer(stream, durable)).isTrue();
    for (int i = 100; i < 200; i++) {
      publish("p0", i, h -> h);
    }
    fleet.awaitUntil(Duration.ofSeconds(20), () -> handled.size() == 200);
    assertThat(jsm.getConsumerNames(stream)).contains(durable);
  }

  @Test
  void theCoreNatsVariantHandsEachPartitionsMessagesToItsHandlerAtMostOnce(NatsServer nats) throws Exception {
    Map<String, List<String>> byPartition = new ConcurrentHashMap<>();
    AtomicInteger handled = new AtomicInteger();
    fleet = new Fleet(PartiOptions.fast(), 4).partitionVerticles(c -> WorkerConsumer.core(c,
        new WorkerConsumerOptions().setSubject("core." + prefix + ".{{partition}}"), (partition, m) -> {
          byPartition.computeIfAbsent(partition.partition().id(), k -> new CopyOnWriteArrayList<>()).add(body(m));
          handled.incrementAndGet();
          return Future.succeededFuture();
        }));
    fleet.start(nats.url());
    fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.workers().get(0).coordinator.assignment().size() == 4);
    for (int i = 0; i < 40; i++) {
      connection.publish("core." + prefix + ".p" + i % 4, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
    }
    fleet.awaitUntil(Duration.ofSeconds(10), () -> handled.get() == 40);
    assertThat(byPartition).hasSize(4);
    byPartition.forEach((partition, bodies) -> assertThat(bodies).hasSize(10)
        .allMatch(b -> ("p" + Integer.parseInt(b) % 4).equals(partition)));
  }

  @Test
  void aStreamDeletedUnderARunningConsumerIsReportedByNameAndConsumedAgainOnceItIsBack(NatsServer nats) throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    java.util.logging.Logger engineLog = java.util.logging.Logger.getLogger("io.parti.vertx.shared.consumer.JetStreamEngine");
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord record) {
        if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
          errors.add(record.getMessage());
        }
      }
      @Override public void flush() { }
      @Override public void close() { }
    };
    engineLog.addHandler(capture);
    try {
      Set<String> handled = ConcurrentHashMap.newKeySet();
      startWorker(nats, options(), (partition, m) -> {
        handled.add(body(m));
        return Future.succeededFuture();
      });
      publish("p0", 1, h -> h);
      fleet.awaitUntil(Duration.ofSeconds(10), () -> handled.contains("1"));
      jsm.deleteStream(stream);
      fleet.awaitUntil(Duration.ofSeconds(20), () -> errors.stream().anyMatch(e -> e.contains("stream " + stream + " does not exist")));
      addStream();
      publish("p0", 2, h -> h);
      fleet.awaitUntil(Duration.ofSeconds(20), () -> handled.contains("2"));
    } finally {
      engineLog.removeHandler(capture);
    }
  }
}
