package io.parti.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.parti.vertx.PartiCoordinator;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.Partition;
import io.parti.vertx.WorkerState;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * {@code benchmarks/run memory [--quick]}: the heap one coordinator retains for 1,000 and for 10,000 partitions, the
 * partition verticles excluded. Measured in this JVM as the difference of two heaps after full collections: a Vert.x
 * and a NATS connection running one coordinator, which leads and owns every partition (each run by an empty verticle),
 * minus the same Vert.x and connection with the same number of empty verticles deployed directly. Figures:
 * {@code coordinator1000Bytes}, {@code coordinator10000Bytes}, {@code perPartitionBytes} (the slope between the two),
 * {@code verticles10000Bytes} (the baseline's verticles, for scale) and {@code goal1000Bytes} (5 MB). The medians of 3
 * measurements (1 with {@code --quick}).
 */
public final class MemoryBench {

  private static final long GOAL_1000 = 5L * 1024 * 1024;

  private MemoryBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = BenchResults.quick(args) ? 1 : 3;
    BenchResults results = new BenchResults("memory");
    double[] coordinator = new double[2];
    int[] sizes = {1000, 10_000};
    try (NatsServer nats = NatsServer.start()) {
      measure(nats, 100, true); // class loading and the JIT's first work, outside the figures
      for (int s = 0; s < sizes.length; s++) {
        double[] samples = new double[runs];
        double[] bare = new double[runs];
        for (int run = 0; run < runs; run++) {
          bare[run] = measure(nats, sizes[s], false);
          samples[run] = measure(nats, sizes[s], true) - bare[run];
          System.out.printf("%d partitions, run %d: coordinator %.0f bytes (verticles alone %.0f)%n", sizes[s], run + 1,
              samples[run], bare[run]);
        }
        coordinator[s] = BenchResults.median(samples);
        results.put("coordinator" + sizes[s] + "Bytes", coordinator[s]);
        if (s == sizes.length - 1) {
          results.put("verticles" + sizes[s] + "Bytes", BenchResults.median(bare));
        }
      }
    }
    results.put("perPartitionBytes", (coordinator[1] - coordinator[0]) / (sizes[1] - sizes[0]))
        .put("goal1000Bytes", GOAL_1000)
        .put("runs", runs)
        .write();
    System.exit(0);
  }

  /**
   * The heap retained by a Vert.x and a connection running {@code partitions} empty verticles: through one
   * coordinator when {@code coordinated}, deployed directly otherwise; relative to the heap before either existed.
   */
  private static double measure(NatsServer nats, int partitions, boolean coordinated) throws Exception {
    long before = usedHeapAfterGc();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Connection connection = Nats.connect(PartiCoordinator.recommendedConnectionOptions().server(nats.url()).build());
    try {
      if (coordinated) {
        List<Partition> list = IntStream.range(0, partitions).mapToObj(i -> Partition.of("p" + i)).toList();
        PartiCoordinator coordinator = PartiCoordinator.create(connection,
            PartiOptions.fast().setGroup("memory-" + System.nanoTime()), PartitionSource.fixed(list),
            AssignmentStrategy.consistentHash());
        coordinator.partitionVerticles(context -> new Empty());
        await(vertx.deployVerticle(coordinator));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (coordinator.state() != WorkerState.STABLE || coordinator.assignment().size() != partitions) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the coordinator did not run " + partitions + " partitions in 120 s: "
                + coordinator.state() + ", " + coordinator.assignment().size());
          }
          TimeUnit.MILLISECONDS.sleep(20);
        }
        TimeUnit.MILLISECONDS.sleep(500); // the last deployments complete
      } else {
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
          deployed.add(vertx.deployVerticle(new Empty()));
        }
        await(Future.all(deployed));
      }
      return usedHeapAfterGc() - before;
    } finally {
      connection.close();
      await(vertx.close());
    }
  }

  /** A partition's verticle that holds nothing. */
  private static final class Empty implements Deployable {
    @Override
    public Future<?> deploy(io.vertx.core.Context context) {
      return Future.succeededFuture();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) { // until a collection frees nothing more
      System.gc();
      TimeUnit.MILLISECONDS.sleep(100);
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used) {
        break;
      }
      used = now;
    }
    return used;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
