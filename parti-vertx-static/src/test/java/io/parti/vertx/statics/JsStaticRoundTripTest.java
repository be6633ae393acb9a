package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.parti.vertx.statics.Sync.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith({NatsServerExtension.class, VertxExtensionSupport.class})
class JsStaticRoundTripTest {

  private Connection connection;
  private JetStream jetStream;
  private String stream;
  private StaticPartitionOptions routing;

  /** A stream of its own per test, over subjects {@code <stream>.<key>.<partition>}. */
  @BeforeEach
  void createStream(NatsServer nats, TestInfo test) throws Exception {
    connection = Nats.connect(nats.url());
    jetStream = connection.jetStream();
    stream = "S" + Integer.toHexString(test.getDisplayName().hashCode() & 0x7fffffff);
    JetStreamManagement jsm = connection.jetStreamManagement();
    jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").storageType(StorageType.Memory).build());
    routing = new StaticPartitionOptions().setPartitions(3).setSubjectPattern(stream + ".{{key}}.{{partition}}").setHashSeed(99);
  }

  @AfterEach
  void close() throws InterruptedException {
    connection.close();
  }

  private JsStaticConsumerOptions consumerOptions(int partition) {
    return new JsStaticConsumerOptions().setRouting(routing).setStream(stream).setPartition(partition)
        .setFetchExpiry(Duration.ofSeconds(1)).setBatchSize(50).setMaxPending(200);
  }

  private List<Future<PublishAck>> publish(Vertx vertx, int count) {
    JsStaticPublisher publisher = JsStaticPublisher.create(vertx, jetStream, routing);
    List<Future<PublishAck>> acks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      acks.add(publisher.publish("key-" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return acks;
  }

  private static String body(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  private ConsumerInfo info(JsStaticConsumer consumer) throws Exception {
    return connection.jetStreamManagement().getConsumerInfo(stream, consumer.durable());
  }

  @Test
  void threeConsumersEachReceiveExactlyTheirOwnPartition(Vertx vertx) throws Exception {
    Map<Integer, Set<String>> received = new ConcurrentHashMap<>();
    List<JsStaticConsumer> consumers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      Set<String> keys = ConcurrentHashMap.newKeySet();
      received.put(p, keys);
      consumers.add(JsStaticConsumer.create(vertx, connection, consumerOptions(p), m -> {
        keys.add(m.getSubject().split("\\.")[1]);
        return Future.succeededFuture();
      }));
    }
    for (JsStaticConsumer c : consumers) {
      sync(c.start());
    }
    List<Future<PublishAck>> acks = publish(vertx, 300);
    for (Future<PublishAck> ack : acks) {
      assertThat(sync(ack).getStream()).isEqualTo(stream);
    }
    StaticPartitioner partitioner = StaticPartitioner.create(3, 99);
    Map<Integer, Set<String>> expected = new HashMap<>(Map.of(0, new HashSet<>(), 1, new HashSet<>(), 2, new HashSet<>()));
    for (int i = 0; i < 300; i++) {
      expected.get(partitioner.partition("key-" + i)).add("key-" + i);
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> received.values().stream().mapToInt(Set::size).sum() == 300);
    assertThat(received).isEqualTo(expected);
    for (JsStaticConsumer c : consumers) {
      assertThat(c.durable()).matches("parti-" + stream + "-[0-9a-f]{8}-" + c.partition());
      assertThat(c.filterSubject()).isEqualTo(stream + ".*." + c.partition());
      await().atMost(5, TimeUnit.SECONDS).until(() -> info(c).getNumAckPending() == 0);
      sync(c.stop());
    }
  }

  @Test
  void aFailedHandlerLeadsToARedeliveryAfterTheNakDelay(Vertx vertx) throws Exception {
    List<Long> deliveries = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    int partition = StaticPartitioner.create(3, 99).partition("key-0");
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection,
        consumerOptions(partition).setNakDelay(Duration.ofMillis(300)), m -> {
          deliveries.add(m.metaData().deliveredCount());
          times.add(System.nanoTime());
          return deliveries.size() == 1 ? Future.failedFuture("first attempt fails") : Future.succeededFuture();
        });
    sync(consumer.start());
    sync(publish(vertx, 1).get(0));
    await().atMost(10, TimeUnit.SECONDS).until(() -> deliveries.size() == 2);
    assertThat(deliveries).containsExactly(1L, 2L);
    assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    await().atMost(5, TimeUnit.SECONDS).until(() -> info(consumer).getNumAckPending() == 0);
    assertThat(info(consumer).getRedelivered()).isZero();
    sync(consumer.stop());
  }

  @Test
  void aMessageThatKeepsFailingIsTerminatedAfterMaxDeliver(Vertx vertx) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    int partition = StaticPartitioner.create(3, 99).partition("key-0");
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection,
        consumerOptions(partition).setMaxDeliver(3).setNakDelay(Duration.ofMillis(50)), m -> {
          attempts.incrementAndGet();
          return Future.failedFuture("poison");
        });
    sync(consumer.start());
    sync(publish(vertx, 1).get(0));
    await().atMost(10, TimeUnit.SECONDS).until(() -> attempts.get() == 3 && info(consumer).getNumAckPending() == 0);
    // Terminated, so never delivered again (the NAK delay is 50-200 ms; watch well past it).
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> attempts.get() == 3);
    sync(consumer.stop());
  }

  @Test
  void stopDrainsSoEveryMessageIsHandledExactlyOnceAcrossARestart(Vertx vertx) throws Exception {
    int count = 150;
    routing.setPartitions(1);
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    JsStaticConsumerOptions options = consumerOptions(0).setMaxConcurrency(4).setBatchSize(20).setMaxPending(40);
    JsStaticConsumer first = JsStaticConsumer.create(vertx, connection, options, m -> {
      handled.computeIfAbsent(body(m), k -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      return vertx.timer(10).mapEmpty();
    });
    sync(first.start());
    for (Future<PublishAck> ack : publish(vertx, count)) {
      sync(ack);
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> total.get() >= 20);
    sync(first.stop());
    int handledByFirst = total.get();
    assertThat(handledByFirst).isLessThan(count);

    JsStaticConsumer second = JsStaticConsumer.create(vertx, connection, options, m -> {
      handled.computeIfAbsent(body(m), k -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      return Future.succeededFuture();
    });
    sync(second.start());
    await().atMost(10, TimeUnit.SECONDS).until(() -> total.get() >= count && info(second).getNumAckPending() == 0);
    assertThat(handled).hasSize(count);
    // What the first received and had not started was NAKed at its stop: the second handled it, nobody twice.
    assertThat(handled.values()).allMatch(n -> n.get() == 1, "handled exactly once");
    sync(second.stop());
  }

  @Test
  void perKeyOrderHoldsUnderConcurrentDispatch(Vertx vertx) throws Exception {
    routing.setPartitions(1);
    Map<String, List<Integer>> completed = new ConcurrentHashMap<>();
    Set<String> running = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection,
        consumerOptions(0).setMaxConcurrency(6).setOrderedByKey(true), m -> {
          String key = m.getSubject().split("\\.")[1];
          int seq = Integer.parseInt(body(m));
          if (!running.add(key)) {
            overlaps.incrementAndGet();
          }
          return vertx.timer(seq % 3 == 0 ? 6 : 1).andThen(x -> {
            running.remove(key);
            completed.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
            done.incrementAndGet();
          }).mapEmpty();
        });
    sync(consumer.start());
    JsStaticPublisher publisher = JsStaticPublisher.create(vertx, jetStream, routing);
    List<Future<PublishAck>> acks = new ArrayList<>();
    for (int seq = 0; seq < 30; seq++) {
      for (int k = 0; k < 8; k++) {
        acks.add(publisher.publish("user" + k, Integer.toString(seq).getBytes(StandardCharsets.UTF_8)));
      }
    }
    sync(Future.all(acks));
    await().atMost(15, TimeUnit.SECONDS).until(() -> done.get() == 240);
    assertThat(overlaps.get()).isZero();
    assertThat(completed).hasSize(8);
    completed.values().forEach(seqs -> assertThat(seqs).hasSize(30).isSorted());
    sync(consumer.stop());
  }

  @Test
  void aHandlerRunningLongerThanAckWaitIsKeptAliveAndNotRedelivered(Vertx vertx) throws Exception {
    routing.setPartitions(1);
    List<Long> deliveries = new CopyOnWriteArrayList<>();
    AtomicInteger done = new AtomicInteger();
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, consumerOptions(0).setAckWait(Duration.ofMillis(600)), m -> {
      deliveries.add(m.metaData().deliveredCount());
      return vertx.timer(1500).andThen(x -> done.incrementAndGet()).mapEmpty();
    });
    sync(consumer.start());
    sync(publish(vertx, 1).get(0));
    await().atMost(10, TimeUnit.SECONDS).until(() -> done.get() == 1 && info(consumer).getNumAckPending() == 0);
    assertThat(deliveries).containsExactly(1L);
    assertThat(info(consumer).getRedelivered()).isZero();
    sync(consumer.stop());
  }

  @Test
  void aStopNaksWhatDidNotStartSoItIsRedeliveredPromptlyAndBoundsTheWaitForRunningHandlers(Vertx vertx) throws Exception {
    routing.setPartitions(1);
    AtomicInteger started = new AtomicInteger();
    JsStaticConsumerOptions options = consumerOptions(0).setDrainTimeout(Duration.ofMillis(300));
    JsStaticConsumer stuck = JsStaticConsumer.create(vertx, connection, options, m -> {
      started.incrementAndGet();
      return Promise.promise().future();
    });
    sync(stuck.start());
    sync(Future.all(publish(vertx, 5)));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.get() == 1);
    assertThatThrownBy(() -> sync(stuck.stop())).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("drain timed out after PT0.3S with 1 handler(s) still running");
    Set<String> redelivered = ConcurrentHashMap.newKeySet();
    Set<Long> deliveryCounts = ConcurrentHashMap.newKeySet();
    JsStaticConsumer next = JsStaticConsumer.create(vertx, connection, options, m -> {
      redelivered.add(body(m));
      deliveryCounts.add(m.metaData().deliveredCount());
      return Future.succeededFuture();
    });
    sync(next.start());
    // The 4 NAKed messages come back at once, long before the 30 s ack wait of the stuck one.
    await().atMost(3, TimeUnit.SECONDS).until(() -> redelivered.size() == 4);
    assertThat(redelivered).doesNotContain("0");
    // Delivered once to the stuck consumer, once here: NAKed while its pull request was open, they would have
    // bounced back to it first.
    assertThat(deliveryCounts).containsExactly(2L);
    sync(next.stop());
  }

  @Test
  void publisherFuturesFailWithTheReason(Vertx vertx) {
    JsStaticPublisher publisher = JsStaticPublisher.create(vertx, jetStream, routing);
    assertThatThrownBy(() -> sync(publisher.publish("a b", new byte[0]))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid key \"a b\"");
    JsStaticPublisher nowhere = JsStaticPublisher.create(vertx, jetStream,
        new StaticPartitionOptions(routing).setSubjectPattern("no-stream.{{key}}.{{partition}}"));
    assertThatThrownBy(() -> sync(nowhere.publish("k", new byte[0]))).isInstanceOf(ExecutionException.class);
  }

  @Test
  void consumerOfAMissingStreamFailsToStart(Vertx vertx) {
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, consumerOptions(0).setStream("MISSING"), m -> Future.succeededFuture());
    assertThatThrownBy(() -> sync(consumer.start())).isInstanceOf(ExecutionException.class).hasMessageContaining("stream MISSING does not exist");
    assertThatThrownBy(() -> sync(consumer.start())).isInstanceOf(ExecutionException.class).hasMessageContaining("already started");
  }

  @Test
  void aConsumerStoppedBeforeItStartedNeverStarts(Vertx vertx) throws Exception {
    AtomicInteger handled = new AtomicInteger();
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, consumerOptions(0), m -> {
      handled.incrementAndGet();
      return Future.succeededFuture();
    });
    sync(consumer.stop());
    assertThatThrownBy(() -> sync(consumer.start())).isInstanceOf(ExecutionException.class).hasMessageContaining("was stopped");
    sync(publish(vertx, 1).get(0));
    assertThat(connection.jetStreamManagement().getConsumerNames(stream)).doesNotContain(consumer.durable());
    assertThat(handled).hasValue(0);
  }

  @Test
  void aHandlerThrowingAnErrorFailsItsMessageAndThePartitionGoesOn(Vertx vertx) throws Exception {
    routing.setPartitions(1);
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection,
        consumerOptions(0).setNakDelay(Duration.ofMillis(20)), m -> {
          if (attempts.merge(body(m), 1, Integer::sum) == 1 && body(m).equals("0")) {
            throw new AssertionError("an Error from the handler");
          }
          handled.add(body(m));
          return Future.succeededFuture();
        });
    sync(consumer.start());
    sync(Future.all(publish(vertx, 3)));
    await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == 3);
    assertThat(attempts).containsEntry("0", 2);
    sync(consumer.stop());
  }

  @Test
  void aDurableOfTheSameNameWithAnotherFilterIsNotTakenOver(Vertx vertx) throws Exception {
    JsStaticConsumer first = JsStaticConsumer.create(vertx, connection, consumerOptions(0).setDurable("shared-{{partition}}"),
        m -> Future.succeededFuture());
    sync(first.start());
    String filter = info(first).getConsumerConfiguration().getFilterSubject();
    // Another service, another pattern over the same stream, the same durable name by mistake.
    JsStaticConsumer second = JsStaticConsumer.create(vertx, connection, consumerOptions(0).setDurable("shared-{{partition}}")
        .setRouting(new StaticPartitionOptions(routing).setSubjectPattern(stream + ".{{partition}}.{{key}}")), m -> Future.succeededFuture());
    assertThatThrownBy(() -> sync(second.start())).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("durable shared-0 on stream " + stream + " consumes \"" + filter + "\"")
        .hasMessageContaining("another consumer uses this name");
    assertThat(info(first).getConsumerConfiguration().getFilterSubject()).isEqualTo(filter);
    sync(first.stop());
  }

  @Test
  void aConsumerWhoseConnectionIsClosedUnderItLetsItsFetchThreadEnd(Vertx vertx) throws Exception {
    routing.setPartitions(1);
    AtomicInteger started = new AtomicInteger();
    // Room for one message, held by a handler that never ends: the fetch thread waits for room when the connection goes.
    JsStaticConsumer consumer = JsStaticConsumer.create(vertx, connection, consumerOptions(0).setBatchSize(1).setMaxPending(1), m -> {
      started.incrementAndGet();
      return Promise.promise().future();
    });
    sync(consumer.start());
    sync(publish(vertx, 1).get(0));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.get() == 1);
    String fetcher = "parti-fetch-" + consumer.durable();
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(fetcher));
    connection.close(); // the application closes its connection without stopping the consumer
    await().atMost(5, TimeUnit.SECONDS)
        .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(fetcher) && t.isAlive()));
  }
}
