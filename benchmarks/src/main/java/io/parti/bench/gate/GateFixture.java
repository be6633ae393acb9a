package io.parti.bench.gate;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.consumer.WorkerConsumerOptions;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What both phases of {@code benchmarks/run gate} share: one memory stream {@value #STREAM} on {@code orders.<p>.x},
 * {@value #PARTITIONS} partitions {@code 0..15}, the worker consumer's default durable settings, coordinators with
 * the fast preset, and connections with {@link PartiCoordinator#recommendedConnectionOptions()}.
 */
public final class GateFixture {

  public static final int PARTITIONS = 16;
  public static final String STREAM = "GATE";
  public static final Duration ACK_WAIT = WorkerConsumerOptions.DEFAULT_ACK_WAIT;
  /** How long a throughput round may take to see every id. */
  public static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
  static final int BATCH = WorkerConsumerOptions.DEFAULT_BATCH_SIZE;
  static final int MAX_ACK_PENDING = WorkerConsumerOptions.DEFAULT_MAX_ACK_PENDING;
  static final Duration FETCH_EXPIRY = WorkerConsumerOptions.DEFAULT_FETCH_EXPIRY;
  /** Partition {@code p}'s subject, at index {@code p}. */
  static final String[] SUBJECTS = IntStream.range(0, PARTITIONS)
      .mapToObj(i -> "orders." + i + ".x").toArray(String[]::new);
  private static final String STREAM_SUBJECTS = "orders.>";
  private static final String SUBJECT_TEMPLATE = "orders.{{partition}}.x";
  private static final PartiOptions FAST = PartiOptions.fast();
  private static final List<Partition> PARTITION_LIST = IntStream.range(0, PARTITIONS)
      .mapToObj(i -> Partition.of(Integer.toString(i))).collect(Collectors.toList());
  private static final AtomicInteger GROUPS = new AtomicInteger();
  private static final String RUN = Long.toHexString(System.nanoTime() & 0xffffff);

  private GateFixture() {
  }

  /** Deletes the stream if it is there and creates it empty. */
  public static void recreateStream(Connection admin) throws Exception {
    JetStreamManagement jsm = admin.jetStreamManagement();
    try {
      jsm.deleteStream(STREAM);
    } catch (JetStreamApiException notThere) {
      // first round
    }
    jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects(STREAM_SUBJECTS).storageType(StorageType.Memory).build());
  }

  /** Publishes messages 0..n-1, message i on partition i mod 16 with payload i, and waits for every ack. */
  public static void publishNumbered(Connection admin, int n) throws Exception {
    JetStream js = admin.jetStream();
    List<CompletableFuture<PublishAck>> window = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      window.add(js.publishAsync(SUBJECTS[i % PARTITIONS], Payloads.numbered(i)));
      if (window.size() == 1000 || i == n - 1) {
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        window.clear();
      }
    }
  }

  public static WorkerConsumerOptions consumerOptions(Duration ackWait) {
    // Drain within the fast preset's own drain timeout (2 s).
    return new WorkerConsumerOptions().setStream(STREAM).setSubject(SUBJECT_TEMPLATE)
        .setBatchSize(BATCH).setMaxAckPending(MAX_ACK_PENDING).setFetchExpiry(FETCH_EXPIRY).setAckWait(ackWait)
        .setDrainTimeout(Duration.ofSeconds(1));
  }

  /** A coordinator of {@code group} over every partition, with the fast preset and consistent hashing. */
  public static PartiCoordinator coordinator(Connection connection, String group) {
    return PartiCoordinator.create(connection, new PartiOptions(FAST).setGroup(group),
        PartitionSource.fixed(PARTITION_LIST), AssignmentStrategy.consistentHash());
  }

  /** A connection with the coordinator's recommended options; {@code disconnects} counts its disconnections. */
  public static Connection connect(NatsServer nats, LongAdder disconnects) throws Exception {
    return Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url())
        .connectionListener((connection, event) -> {
          if (event == ConnectionListener.Events.DISCONNECTED) {
            disconnects.increment();
          }
        }).build());
  }

  /** A coordinator group (or durable prefix) name that no other round uses. */
  public static String newGroup(String prefix) {
    return prefix + GROUPS.incrementAndGet() + "-" + RUN;
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
