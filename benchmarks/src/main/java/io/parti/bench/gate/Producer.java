package io.parti.bench.gate;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

import static io.parti.bench.gate.GateFixture.PARTITIONS;
import static io.parti.bench.gate.GateFixture.SUBJECTS;

/** Publishes steadily, round-robin over the partitions, with {@link Payloads#stamped} payloads (id, publish time). */
final class Producer {

  private final JetStream js;
  private final int capacity;
  /** 1 at the ids whose publication was acked. */
  final AtomicIntegerArray acked;
  private final AtomicInteger ackedCount = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  /** How many ids were published: ids {@code 0..published-1}. */
  volatile int published;
  private Thread thread;

  /** A producer of at most {@code capacity} messages. */
  Producer(Connection connection, int capacity) throws Exception {
    this.js = connection.jetStream();
    this.capacity = capacity;
    this.acked = new AtomicIntegerArray(capacity);
  }

  void start(int rate) {
    thread = new Thread(() -> {
      long interval = 1_000_000_000L / rate;
      long next = System.nanoTime();
      int id = 0;
      while (!stop.get() && id < capacity) {
        long now = System.nanoTime();
        if (now < next) {
          LockSupport.parkNanos(next - now);
          continue;
        }
        int current = id++;
        CompletableFuture<PublishAck> future = js.publishAsync(SUBJECTS[current % PARTITIONS],
            Payloads.stamped(current, System.nanoTime()));
        future.whenComplete((ack, error) -> {
          if (error == null) {
            acked.set(current, 1);
            ackedCount.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        });
        published = id;
        next += interval;
      }
    }, "gate-producer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops publishing and waits (30 s at most) until every publication was acked or failed. */
  void stop() throws Exception {
    stop.set(true);
    thread.join();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ackedCount.get() + failed.get() < published && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
