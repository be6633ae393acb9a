package io.parti.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchmarks/run scale [--quick]}: 100,000 partitions over 10 and over 100 coordinators (the defaults: with
 * {@code fast()}'s 3 s id lease, ten coordinators sharing two cores while each deploys thousands of verticles lose
 * their ids; each its own Vert.x with one event loop and its own connection, all in this JVM; 20,000 partitions with
 * {@code --quick}). The convergence includes the defaults' 5 s cold-start window, and a join their 2 s planned-scale
 * window. {@code benchmarks/run scale} gives this JVM a 12 GiB heap: a hundred coordinators each hold the record of
 * 100,000 partitions, and the default heap ran full.
 * For each fleet size {@code <workers>}:
 * <ul>
 *   <li>{@code <workers>.convergeMs}: from deploying them all at once until every partition runs exactly once;</li>
 *   <li>{@code <workers>.commitBytes}: the size of the assignment record as stored (compressed);</li>
 *   <li>{@code <workers>.rebalanceMs} and {@code <workers>.leaderCpuMs}: one more worker joins; the time until it runs
 *       its share and every partition runs exactly once, and the CPU time the leader's event loop spent meanwhile.</li>
 * </ul>
 */
public final class ScaleBench {

  private ScaleBench() {
  }

  public static void main(String[] args) throws Exception {
    int partitions = BenchResults.quick(args) ? 20_000 : 100_000;
    PartiOptions options = PartiOptions.defaults();
    BenchResults results = new BenchResults("scale");
    try (NatsServer nats = NatsServer.start(); Connection reader = Nats.connect(nats.url())) {
      Fleet.warmUp(nats.url());
      for (int workers : new int[] {10, 100}) {
        try (Fleet fleet = new Fleet(options, partitions)) {
          long t0 = System.nanoTime();
          fleet.startTogether(workers, nats.url(), options);
          Fleet.Worker leader = awaitConverged(fleet);
          double converge = millisSince(t0);

          long loop = eventLoopThread(leader);
          ThreadMXBean threads = ManagementFactory.getThreadMXBean();
          long cpuBefore = threads.getThreadCpuTime(loop);
          long t1 = System.nanoTime();
          Fleet.Worker joiner = Fleet.await(fleet.startAsync(nats.url(), options));
          fleet.awaitUntil(Duration.ofMinutes(5), Duration.ofMillis(100), () -> joiner.id() != null
              && fleet.registry.byWorker().containsKey(joiner.id())
              && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
          double rebalance = millisSince(t1);
          double leaderCpu = (threads.getThreadCpuTime(loop) - cpuBefore) / 1e6;

          KeyValueEntry record = reader.keyValue(fleet.group + "-assign").get("assignment");
          System.out.printf("%d workers: converged in %.0f ms, record %d bytes, a join rebalanced in %.0f ms (leader CPU %.0f ms)%n",
              workers, converge, record.getDataLen(), rebalance, leaderCpu);
          results.put(workers + ".convergeMs", converge)
              .put(workers + ".commitBytes", record.getDataLen())
              .put(workers + ".rebalanceMs", rebalance)
              .put(workers + ".leaderCpuMs", leaderCpu);
        }
      }
    }
    results.put("partitions", partitions)
        .put("coldStartWindowMs", options.getColdStartWindow().toMillis())
        .put("plannedScaleWindowMs", options.getPlannedScaleWindow().toMillis())
        .write();
    System.exit(0);
  }

  /** Until every partition runs exactly once under a leader (one that lost its seat leaves it to be taken again). */
  private static Fleet.Worker awaitConverged(Fleet fleet) {
    Fleet.Worker[] leader = new Fleet.Worker[1];
    fleet.awaitUntil(Duration.ofMinutes(5), Duration.ofMillis(100), () -> (leader[0] = fleet.leader()) != null
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
    return leader[0];
  }

  /** The id of the thread of the worker's only event loop. */
  private static long eventLoopThread(Fleet.Worker worker) throws Exception {
    CompletableFuture<Long> id = new CompletableFuture<>();
    worker.vertx.runOnContext(v -> id.complete(Thread.currentThread().getId()));
    return id.get(10, TimeUnit.SECONDS);
  }

  private static double millisSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
