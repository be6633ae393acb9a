package io.parti.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Statistics;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchmarks/run steady [--quick]}: what a settled fleet costs NATS when nothing changes. Ten coordinators
 * ({@code fast()}: a 250 ms heartbeat; each its own Vert.x and connection) share 64 partitions on a local nats-server;
 * once every partition runs, the KV operations ({@code parti.kv.operation}, by kind) and the bytes each connection
 * sends and receives are counted over a window of 80 heartbeat intervals (40 with {@code --quick}). Figures, per
 * heartbeat interval:
 * <ul>
 *   <li>{@code followerOps} (median over the nine followers) and {@code followerOpsByKind}; {@code leaderOps} and
 *       {@code leaderOpsByKind}: KV operations;</li>
 *   <li>{@code followerReads} and {@code leaderReads}: gets and reads of the latest entry (scans: the goal is 0);</li>
 *   <li>{@code followerBytesOut}, {@code followerBytesIn}, {@code leaderBytesOut}, {@code leaderBytesIn}: bytes on the
 *       connection, JetStream acks and watch deliveries included;</li>
 *   <li>{@code goalOps}: one heartbeat write plus the id renewal amortised over its period.</li>
 * </ul>
 */
public final class SteadyBench {

  private static final int WORKERS = 10;
  private static final int PARTITIONS = 64;

  private SteadyBench() {
  }

  /** What one worker had done when counted. */
  private record Count(Map<String, Long> opsByKind, long bytesOut, long bytesIn) {
  }

  public static void main(String[] args) throws Exception {
    PartiOptions options = PartiOptions.fast();
    Duration interval = options.getHeartbeatInterval();
    int intervals = BenchResults.quick(args) ? 40 : 80;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BenchResults results = new BenchResults("steady");
    try (NatsServer nats = NatsServer.start(); Fleet fleet = new Fleet(options, PARTITIONS).meterRegistry(registry)) {
      List<Fleet.Worker> workers = fleet.startSettled(WORKERS, nats.url(), options, Duration.ofSeconds(60));
      // Let the start's own traffic (the cold start's commits, the first renewals) pass before counting.
      TimeUnit.MILLISECONDS.sleep(options.getWorkerIdTtl().toMillis());
      String leaderBefore = fleet.leader().id();
      Map<String, Count> before = countAll(workers, registry);
      long started = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(interval.toMillis() * intervals);
      double measured = (System.nanoTime() - started) / (double) interval.toNanos();
      Map<String, Count> after = countAll(workers, registry);
      String leader = fleet.leader().id();
      if (!leader.equals(leaderBefore)) {
        throw new IllegalStateException("the leader changed during the window: " + leaderBefore + " -> " + leader);
      }

      double[] followerOps = new double[WORKERS - 1];
      double[] followerReads = new double[WORKERS - 1];
      double[] followerOut = new double[WORKERS - 1];
      double[] followerIn = new double[WORKERS - 1];
      Map<String, double[]> followerByKind = new TreeMap<>();
      int f = 0;
      for (Fleet.Worker worker : workers) {
        Count b = before.get(worker.id());
        Count a = after.get(worker.id());
        Map<String, Double> byKind = perInterval(b, a, measured);
        double ops = byKind.values().stream().mapToDouble(Double::doubleValue).sum();
        double reads = byKind.getOrDefault("get", 0.0) + byKind.getOrDefault("latest", 0.0);
        double out = (a.bytesOut() - b.bytesOut()) / measured;
        double in = (a.bytesIn() - b.bytesIn()) / measured;
        if (worker.id().equals(leader)) {
          results.put("leaderOps", ops).put("leaderOpsByKind", byKind).put("leaderReads", reads)
              .put("leaderBytesOut", out).put("leaderBytesIn", in);
        } else {
          followerOps[f] = ops;
          followerReads[f] = reads;
          followerOut[f] = out;
          followerIn[f] = in;
          int at = f;
          byKind.forEach((kind, value) -> followerByKind.computeIfAbsent(kind, k -> new double[WORKERS - 1])[at] = value);
          f++;
        }
      }
      Map<String, Double> medianByKind = new TreeMap<>();
      followerByKind.forEach((kind, values) -> medianByKind.put(kind, BenchResults.median(values)));
      results.put("followerOps", BenchResults.median(followerOps))
          .put("followerOpsByKind", medianByKind)
          .put("followerReads", BenchResults.median(followerReads))
          .put("followerBytesOut", BenchResults.median(followerOut))
          .put("followerBytesIn", BenchResults.median(followerIn))
          .put("goalOps", 1 + (double) interval.toMillis() / renewalPeriodMs(options))
          .put("heartbeatIntervalMs", interval.toMillis())
          .put("intervals", measured)
          .put("workers", WORKERS)
          .put("partitions", PARTITIONS);
    }
    results.write();
    System.exit(0);
  }

  /** How often a worker renews its id lease: a third of its time to live, as the coordinator does. */
  private static long renewalPeriodMs(PartiOptions options) {
    return options.getWorkerIdTtl().toMillis() / 3;
  }

  private static Map<String, Count> countAll(List<Fleet.Worker> workers, SimpleMeterRegistry registry) {
    Map<String, Count> counts = new HashMap<>();
    for (Fleet.Worker worker : workers) {
      Map<String, Long> byKind = new TreeMap<>();
      for (Timer timer : registry.find("parti.kv.operation").tag("worker", worker.id()).timers()) {
        byKind.merge(timer.getId().getTag("operation"), timer.count(), Long::sum);
      }
      Statistics stats = worker.connection.getStatistics();
      counts.put(worker.id(), new Count(byKind, stats.getOutBytes(), stats.getInBytes()));
    }
    return counts;
  }

  private static Map<String, Double> perInterval(Count before, Count after, double intervals) {
    Map<String, Double> rates = new TreeMap<>();
    after.opsByKind().forEach((kind, count) -> rates.put(kind, (count - before.opsByKind().getOrDefault(kind, 0L)) / intervals));
    return rates;
  }
}
