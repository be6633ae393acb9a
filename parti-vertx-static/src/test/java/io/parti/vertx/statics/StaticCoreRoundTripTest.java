package io.parti.vertx.statics;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.parti.vertx.testkit.NatsServer;
import io.parti.vertx.testkit.NatsServerExtension;
import io.parti.vertx.testkit.VertxExtensionSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.parti.vertx.statics.Sync.sync;
import static org.awaitility.Awaitility.await;

@ExtendWith({NatsServerExtension.class, VertxExtensionSupport.class})
class StaticCoreRoundTripTest {

  private Connection connection;

  @BeforeEach
  void connect(NatsServer nats) throws Exception {
    connection = Nats.connect(nats.url());
  }

  @AfterEach
  void close() throws InterruptedException {
    connection.close();
  }

  private static StaticPartitionOptions routing(String pattern, int partitions) {
    return new StaticPartitionOptions().setPartitions(partitions).setSubjectPattern(pattern).setHashSeed(7);
  }

  @Test
  void threeSubscribersEachReceiveExactlyTheirOwnPartition(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.own.{{key}}.{{partition}}", 3);
    Map<Integer, Set<String>> received = new ConcurrentHashMap<>();
    List<StaticSubscriber> subscribers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int partition = p;
      Set<String> keys = ConcurrentHashMap.newKeySet();
      received.put(p, keys);
      subscribers.add(StaticSubscriber.create(vertx, connection, new StaticConsumerOptions().setRouting(routing).setPartition(p), m -> {
        keys.add(new String(m.getData(), StandardCharsets.UTF_8));
        assertThat(m.getSubject()).endsWith("." + partition);
        return Future.succeededFuture();
      }));
    }
    for (StaticSubscriber s : subscribers) {
      sync(s.start());
    }
    StaticPublisher publisher = StaticPublisher.create(connection, routing);
    Map<Integer, Set<String>> expected = Map.of(0, new HashSet<>(), 1, new HashSet<>(), 2, new HashSet<>());
    for (int i = 0; i < 300; i++) {
      String key = "order-" + i;
      expected.get(publisher.partition(key)).add(key);
      publisher.publish(key, key.getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(10, TimeUnit.SECONDS).until(() -> received.values().stream().mapToInt(Set::size).sum() == 300);
    assertThat(received).isEqualTo(expected);
    expected.values().forEach(keys -> assertThat(keys).hasSizeGreaterThan(60));
    for (StaticSubscriber s : subscribers) {
      sync(s.stop());
    }
  }

  @Test
  void stopDrainsEveryReceivedMessageBeforeCompleting(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.drain.{{partition}}", 1);
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    StaticSubscriber subscriber = StaticSubscriber.create(vertx, connection,
        new StaticConsumerOptions().setRouting(routing).setPartition(0).setMaxConcurrency(2), m -> {
          started.incrementAndGet();
          return vertx.timer(5).andThen(done -> handled.incrementAndGet()).mapEmpty();
        });
    sync(subscriber.start());
    StaticPublisher publisher = StaticPublisher.create(connection, routing);
    for (int i = 0; i < 100; i++) {
      publisher.publish("k" + i, new byte[] {1});
    }
    connection.flush(Duration.ofSeconds(5));
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.get() > 0);
    sync(subscriber.stop());
    assertThat(handled.get()).as("every message received before stop is handled when stop completes").isEqualTo(100);
    // Stopped means unsubscribed: later messages are not handled.
    publisher.publish("late", new byte[] {2});
    connection.flush(Duration.ofSeconds(5));
    assertThat(subscriber.stop()).isSameAs(subscriber.stop());
    assertThat(handled.get()).isEqualTo(100);
  }

  @Test
  void aStopIsBoundedByOneDrainTimeoutEvenWhenTheClientStillBuffersMessages(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.bound.{{partition}}", 1);
    AtomicInteger started = new AtomicInteger();
    Duration drainTimeout = Duration.ofSeconds(1);
    StaticSubscriber stuck = StaticSubscriber.create(vertx, connection, new StaticConsumerOptions().setRouting(routing)
        .setPartition(0).setMaxPending(1).setDrainTimeout(drainTimeout), m -> {
          started.incrementAndGet();
          return io.vertx.core.Promise.promise().future(); // never completes
        });
    sync(stuck.start());
    StaticPublisher publisher = StaticPublisher.create(connection, routing);
    for (int i = 0; i < 5; i++) {
      publisher.publish("k" + i, new byte[] {1});
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> started.get() == 1);
    long begun = System.nanoTime();
    assertThatThrownBy(() -> sync(stuck.stop())).hasMessageContaining("drain timed out after PT1S");
    // The client's own drain (messages it still buffers) and the wait for handlers share the one bound, not one each.
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(drainTimeout.multipliedBy(17).dividedBy(10));
  }

  @Test
  void perKeyOrderHoldsUnderConcurrentDispatch(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.order.{{key}}.{{partition}}", 1);
    Map<String, List<Integer>> completed = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> runningPerKey = new ConcurrentHashMap<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    StaticSubscriber subscriber = StaticSubscriber.create(vertx, connection,
        new StaticConsumerOptions().setRouting(routing).setPartition(0).setMaxConcurrency(8).setOrderedByKey(true), m -> {
          String key = m.getSubject().split("\\.")[2];
          int seq = Integer.parseInt(new String(m.getData(), StandardCharsets.UTF_8));
          if (runningPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          // Every fourth message of a key is slow: without per-key ordering the next ones would overtake it.
          long delay = seq % 4 == 0 ? 8 : 1;
          return vertx.timer(delay).andThen(x -> {
            runningPerKey.get(key).decrementAndGet();
            running.decrementAndGet();
            completed.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
            done.incrementAndGet();
          }).mapEmpty();
        });
    sync(subscriber.start());
    StaticPublisher publisher = StaticPublisher.create(connection, routing);
    for (int seq = 0; seq < 40; seq++) {
      for (int k = 0; k < 10; k++) {
        publisher.publish("key" + k, Integer.toString(seq).getBytes(StandardCharsets.UTF_8));
      }
    }
    await().atMost(15, TimeUnit.SECONDS).until(() -> done.get() == 400);
    assertThat(overlaps.get()).as("messages of one key never ran at the same time").isZero();
    assertThat(completed).hasSize(10);
    completed.values().forEach(seqs -> assertThat(seqs).hasSize(40).isSorted());
    assertThat(maxRunning.get()).as("keys ran concurrently, within maxConcurrency").isBetween(2, 8);
    sync(subscriber.stop());
  }

  @Test
  void aFailedHandlerIsLoggedAndTheSubscriberGoesOn(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.fail.{{partition}}", 1);
    List<String> handled = new CopyOnWriteArrayList<>();
    StaticSubscriber subscriber = StaticSubscriber.create(vertx, connection, new StaticConsumerOptions().setRouting(routing).setPartition(0), m -> {
      String body = new String(m.getData(), StandardCharsets.UTF_8);
      handled.add(body);
      return body.equals("bad") ? Future.failedFuture("rejected") : Future.succeededFuture();
    });
    sync(subscriber.start());
    StaticPublisher publisher = StaticPublisher.create(connection, routing);
    for (String body : new String[] {"a", "bad", "b"}) {
      publisher.publish("k", body.getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == 3);
    assertThat(handled).containsExactly("a", "bad", "b");
    sync(subscriber.stop());
  }

  @Test
  void publisherRejectsBadKeysAndOptionsNamingThem() {
    StaticPublisher publisher = StaticPublisher.create(connection, routing("core.bad.{{key}}.{{partition}}", 4));
    assertThatThrownBy(() -> publisher.publish("a.b", new byte[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid key \"a.b\": it contains '.'");
    assertThatThrownBy(() -> StaticPublisher.create(connection, new StaticPartitionOptions().setPartitions(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("subjectPattern is required");
    assertThatThrownBy(() -> StaticPublisher.create(connection, routing("core.bad.{{key}}", 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{partition}} must appear exactly once");
  }

  @Test
  void keyHeaderCarriesTheKeyForOrderingWhenTheSubjectHasNone(Vertx vertx) throws Exception {
    StaticPartitionOptions routing = routing("core.hdr.{{partition}}", 1).setKeyHeader("Parti-Key");
    List<Message> received = new CopyOnWriteArrayList<>();
    StaticSubscriber subscriber = StaticSubscriber.create(vertx, connection,
        new StaticConsumerOptions().setRouting(routing).setPartition(0).setMaxConcurrency(4).setOrderedByKey(true), m -> {
          received.add(m);
          return Future.succeededFuture();
        });
    sync(subscriber.start());
    StaticPublisher.create(connection, routing).publish("user-9", new byte[] {1});
    await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 1);
    assertThat(received.get(0).getHeaders().getFirst("Parti-Key")).isEqualTo("user-9");
    sync(subscriber.stop());
  }

  /**
   * A flush is a PING out until its PONG: with maxPingsOut(2) (the coordinator's recommendation) a third one out at
   * once counts as a dead server and drops the connection. Subscribers starting and stopping together must not.
   */
  @Test
  void subscribersStartingAndStoppingTogetherNeverPutTheirSharedConnectionAtRisk(Vertx vertx, NatsServer nats) throws Exception {
    AtomicInteger disconnects = new AtomicInteger();
    Connection shared = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxPingsOut(2)
        .connectionListener((conn, event) -> {
          if (event == io.nats.client.ConnectionListener.Events.DISCONNECTED) {
            disconnects.incrementAndGet();
          }
        }).build());
    try {
      StaticPartitionOptions routing = routing("core.together.{{partition}}", 8);
      for (int round = 0; round < 3; round++) {
        List<StaticSubscriber> running = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
          running.add(StaticSubscriber.create(vertx, shared, new StaticConsumerOptions().setRouting(routing).setPartition(p),
              m -> Future.succeededFuture()));
        }
        sync(Future.all(running.stream().map(StaticSubscriber::start).toList()));
        sync(Future.all(running.stream().map(StaticSubscriber::stop).toList()));
      }
      assertThat(disconnects).hasValue(0);
      assertThat(shared.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    } finally {
      shared.close();
    }
  }
}
