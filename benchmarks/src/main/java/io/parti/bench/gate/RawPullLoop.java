package io.parti.bench.gate;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.testkit.NatsServer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static io.parti.bench.gate.GateFixture.ACK_WAIT;
import static io.parti.bench.gate.GateFixture.BATCH;
import static io.parti.bench.gate.GateFixture.FETCH_EXPIRY;
import static io.parti.bench.gate.GateFixture.MAX_ACK_PENDING;
import static io.parti.bench.gate.GateFixture.PARTITIONS;
import static io.parti.bench.gate.GateFixture.STREAM;
import static io.parti.bench.gate.GateFixture.SUBJECTS;

/**
 * The baseline of the throughput rounds: the plain jnats pull loop the worker consumer is measured against. One
 * connection, a thread per partition doing {@code addOrUpdateConsumer} (the worker consumer's durable settings), a
 * fast-bound pull subscription, then {@code iterate(100, 2 s)} and {@code ack()} per message.
 */
public final class RawPullLoop {

  private final JetStreamManagement jsm;
  private final JetStream js;
  private final String prefix = GateFixture.newGroup("raw");
  private final Tally tally;
  private final AtomicBoolean stop = new AtomicBoolean();

  private RawPullLoop(Connection connection, Tally tally) throws Exception {
    this.jsm = connection.jetStreamManagement();
    this.js = connection.jetStream();
    this.tally = tally;
  }

  /** Consumes the {@code messages} numbered messages of the stream; timed from the threads' start. */
  public static Round round(NatsServer nats, int messages) throws Exception {
    Tally tally = new Tally(messages);
    LongAdder disconnects = new LongAdder();
    Connection connection = GateFixture.connect(nats, disconnects);
    try {
      return new RawPullLoop(connection, tally).run(disconnects);
    } finally {
      connection.close();
    }
  }

  private Round run(LongAdder disconnects) throws Exception {
    int messages = tally.expected();
    List<Thread> threads = new ArrayList<>();
    long cpuAtStart = Round.processCpuNanos();
    long start = System.nanoTime();
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      int share = messages / PARTITIONS + (partition < messages % PARTITIONS ? 1 : 0);
      Thread thread = new Thread(() -> {
        try {
          consume(partition, share);
        } catch (Exception e) {
          if (!stop.get()) {
            System.err.println("raw consumer of partition " + partition + " failed: " + e);
          }
        }
      }, "raw-fetch-" + partition);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    boolean complete = tally.await(GateFixture.ROUND_TIMEOUT);
    long cpu = Round.processCpuNanos() - cpuAtStart;
    long end = complete ? tally.doneAt() : System.nanoTime();
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(FETCH_EXPIRY.toMillis() + 1000);
    }
    return Round.of(tally, start, end, cpu, 0, disconnects.sum());
  }

  /** One partition's loop: its {@code share} of the messages, fetched, tallied and acked one by one. */
  private void consume(int partition, int share) throws Exception {
    String durable = prefix + "-" + partition;
    jsm.addOrUpdateConsumer(STREAM, durableConfig(durable, SUBJECTS[partition]));
    JetStreamSubscription subscription = js.subscribe(null, PullSubscribeOptions.fastBind(STREAM, durable));
    int received = 0;
    while (received < share && !stop.get()) {
      Iterator<Message> batch = subscription.iterate(BATCH, FETCH_EXPIRY);
      while (received < share && batch.hasNext()) {
        Message message = batch.next();
        tally.record(message.getData());
        message.ack();
        received++;
      }
    }
    subscription.unsubscribe();
  }

  /** The same durable settings the worker consumer gives its durables. */
  private static ConsumerConfiguration durableConfig(String durable, String filterSubject) {
    return ConsumerConfiguration.builder()
        .durable(durable)
        .filterSubject(filterSubject)
        .ackPolicy(AckPolicy.Explicit)
        .ackWait(ACK_WAIT)
        .maxDeliver(WorkerConsumerOptions.DEFAULT_MAX_DELIVER)
        .maxAckPending(MAX_ACK_PENDING)
        .deliverPolicy(DeliverPolicy.All)
        .build();
  }
}
