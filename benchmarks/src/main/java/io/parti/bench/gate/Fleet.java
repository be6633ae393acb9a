package io.parti.bench.gate;

import io.nats.client.Connection;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.WorkerConsumer;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.parti.bench.gate.GateFixture.PARTITIONS;

/** The workers of the moves phase, every handling of theirs, and their assignment events. */
final class Fleet {

  /** One handling of a message, with the message's publish time and the handling's ({@link System#nanoTime()}). */
  record Handling(int partition, int worker, long published, long handled) {
  }

  /** One {@code parti.assignments} event of a worker, with when it arrived. */
  record AssignmentEvent(int worker, long at, JsonObject body) {
  }

  private final String group = GateFixture.newGroup("moves");
  private final List<Worker> workers = new ArrayList<>();
  final ConcurrentLinkedQueue<Handling> handlings = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<AssignmentEvent> events = new ConcurrentLinkedQueue<>();
  /** Handlings per id. */
  private final AtomicIntegerArray seen;
  final AtomicInteger unique = new AtomicInteger();
  final LongAdder disconnects = new LongAdder();
  private final Duration ackWait;

  /** A fleet for ids {@code 0..capacity-1}, whose durables redeliver after {@code ackWait}. */
  Fleet(int capacity, Duration ackWait) {
    this.seen = new AtomicIntegerArray(capacity);
    this.ackWait = ackWait;
  }

  Future<Worker> startAsync(NatsServer nats) throws Exception {
    int index = workers.size();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4).setInternalBlockingPoolSize(4));
    Connection connection = GateFixture.connect(nats, disconnects);
    WorkerConsumer consumer = WorkerConsumer.jetStream(connection, GateFixture.consumerOptions(ackWait), (partition, message) -> {
      long handled = System.nanoTime();
      byte[] data = message.getData();
      int id = Payloads.id(data);
      handlings.add(new Handling(Integer.parseInt(partition.partition().id()), index, Payloads.publishedAt(data), handled));
      if (seen.getAndIncrement(id) == 0) {
        unique.incrementAndGet();
      }
      return Future.succeededFuture();
    });
    PartiCoordinator coordinator = GateFixture.coordinator(connection, group).partitionVerticles(consumer);
    vertx.eventBus().<JsonObject>consumer(PartiCoordinator.ASSIGNMENTS_ADDRESS,
        m -> events.add(new AssignmentEvent(index, System.nanoTime(), m.body())));
    Worker worker = new Worker(index, vertx, connection, coordinator);
    workers.add(worker);
    return vertx.deployVerticle(coordinator).map(id -> {
      worker.deployment = id;
      return worker;
    });
  }

  List<Worker> live() {
    return workers.stream().filter(w -> !w.gone).collect(Collectors.toList());
  }

  /** Every partition runs exactly once on the live workers, which all applied the same assignment. */
  boolean settled() {
    List<Worker> live = live();
    Set<String> union = new HashSet<>();
    int sum = 0;
    long version = -1;
    for (Worker w : live) {
      Set<Partition> running = w.coordinator.assignment();
      sum += running.size();
      running.forEach(p -> union.add(p.id()));
      long v = w.coordinator.assignmentVersion();
      if (v == 0 || (version >= 0 && v != version)) {
        return false;
      }
      version = v;
    }
    return sum == PARTITIONS && union.size() == PARTITIONS;
  }

  /** How many ids whose publication was acked no worker handled. */
  int neverHandled(Producer producer) {
    int count = 0;
    for (int id = 0; id < producer.published; id++) {
      if (producer.acked.get(id) == 1 && seen.get(id) == 0) {
        count++;
      }
    }
    return count;
  }

  /** Polls {@code condition} every 10 ms; fails with every worker's state if it does not hold within {@code atMost}. */
  void awaitUntil(Duration atMost, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not reached within " + atMost + ":\n" + describe());
      }
      Thread.sleep(10);
    }
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (Worker w : workers) {
      sb.append('w').append(w.index).append(w.gone ? "(gone)" : "").append(' ').append(w.coordinator.workerId())
          .append(' ').append(w.coordinator.state()).append(" v").append(w.coordinator.assignmentVersion())
          .append(w.coordinator.isLeader() ? " leader" : "").append(" runs ")
          .append(w.coordinator.assignment().stream().map(Partition::id).sorted().collect(Collectors.toList())).append('\n');
    }
    return sb.toString();
  }

  void close() {
    for (Worker w : workers) {
      if (!w.gone) {
        try {
          w.close();
        } catch (Exception e) {
          System.err.println("closing worker " + w.index + ": " + e);
        }
      }
    }
  }
}
