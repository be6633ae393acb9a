package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.List;

/**
 * {@code benchmarks/run startup [--quick]}: a fleet started all at once. 10 and then 50 coordinators ({@code fast()},
 * each its own Vert.x and connection, all in this JVM) are deployed together on a local nats-server, over 256
 * partitions; the time runs from the first deployment (every process is set up, its Vert.x and connection, before any
 * is deployed) until every coordinator is {@code STABLE} and every partition runs exactly once. Figures: {@code workers10Ms}, {@code workers50Ms} (medians over 3 runs, 1 with {@code --quick}),
 * {@code coldStartWindowMs} and {@code goalMs} (the window plus 1 s: the goal for both).
 */
public final class StartupBench {

  private static final int PARTITIONS = 256;

  private StartupBench() {
  }

  public static void main(String[] args) throws Exception {
    PartiOptions options = PartiOptions.fast();
    int runs = BenchResults.quick(args) ? 1 : 3;
    BenchResults results = new BenchResults("startup");
    try (NatsServer nats = NatsServer.start()) {
      Fleet.warmUp(nats.url());
      for (int workers : new int[] {10, 50}) {
        double[] samples = new double[runs];
        for (int run = 0; run < runs; run++) {
          samples[run] = startTogether(nats, options, workers);
          System.out.printf("%d workers, run %d: %.0f ms%n", workers, run + 1, samples[run]);
        }
        results.put("workers" + workers + "Ms", BenchResults.median(samples));
      }
    }
    results.put("coldStartWindowMs", options.getColdStartWindow().toMillis())
        .put("goalMs", options.getColdStartWindow().toMillis() + 1000)
        .put("partitions", PARTITIONS)
        .put("runs", runs)
        .write();
    System.exit(0);
  }

  /** Deploys {@code count} coordinators at once; the ms until all are STABLE and every partition runs once. */
  private static double startTogether(NatsServer nats, PartiOptions options, int count) throws Exception {
    try (Fleet fleet = new Fleet(options, PARTITIONS)) {
      List<Fleet.Worker> workers = fleet.startTogether(count, nats.url(), options);
      long t0 = workers.stream().mapToLong(w -> w.deployAskedAt).min().orElseThrow(); // the processes are up by then
      fleet.awaitUntil(Duration.ofSeconds(60), Duration.ofMillis(5), () ->
          fleet.workers().stream().allMatch(w -> w.coordinator.state() == WorkerState.STABLE)
              && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      return (System.nanoTime() - t0) / 1e6;
    }
  }
}
