package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code benchmarks/run startup [--quick]}: a fleet started all at once. 10 and then 50 coordinators ({@code fast()},
 * each its own Vert.x and connection, all in this JVM) are deployed together on a local nats-server, over 256
 * partitions; the time runs from the first deployment (every process is set up, its Vert.x and connection, before any
 * is deployed) until every coordinator is {@code STABLE} and every partition runs exactly once. Figures: {@code
 * workers10Ms}, {@code workers50Ms} (medians over 3 runs, 1 with {@code --quick}); {@code workers10IdsMs}, {@code
 * workers50IdsMs}: the part of it until every coordinator holds a worker id (claimers started together race up from
 * the lowest id); {@code coldStartWindowMs} and {@code goalMs} (the window plus 1 s: the goal for both).
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
        double[] ids = new double[runs];
        for (int run = 0; run < runs; run++) {
          Start start = startTogether(nats, options, workers);
          samples[run] = start.stableMs();
          ids[run] = start.idsMs();
          System.out.printf("%d workers, run %d: %.0f ms (every id held after %.0f ms)%n", workers, run + 1, samples[run], ids[run]);
        }
        results.put("workers" + workers + "Ms", BenchResults.median(samples))
            .put("workers" + workers + "IdsMs", BenchResults.median(ids));
      }
    }
    results.put("coldStartWindowMs", options.getColdStartWindow().toMillis())
        .put("goalMs", options.getColdStartWindow().toMillis() + 1000)
        .put("partitions", PARTITIONS)
        .put("runs", runs)
        .write();
    System.exit(0);
  }

  /** One start: ms from the first deployment until every coordinator held an id, and until all were STABLE. */
  private record Start(double idsMs, double stableMs) {
  }

  /** Deploys {@code count} coordinators at once, and times the start. */
  private static Start startTogether(NatsServer nats, PartiOptions options, int count) throws Exception {
    try (Fleet fleet = new Fleet(options, PARTITIONS)) {
      long[] allIdsAt = new long[1];
      // Polled from a thread of its own: the deployments complete only after the claims, too late to time them.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // as long as the wait for STABLE below
      Thread idWatch = new Thread(() -> {
        while (fleet.workers().size() < count || fleet.workers().stream().anyMatch(w -> w.coordinator.workerId() == null)) {
          if (System.nanoTime() > giveUp) {
            return; // the start failed: the wait for STABLE says so
          }
          LockSupport.parkNanos(1_000_000);
        }
        allIdsAt[0] = System.nanoTime();
      }, "startup-id-watch");
      idWatch.setDaemon(true);
      idWatch.start();
      List<Fleet.Worker> workers = fleet.startTogether(count, nats.url(), options);
      long t0 = workers.stream().mapToLong(w -> w.deployAskedAt).min().orElseThrow(); // the processes are up by then
      fleet.awaitUntil(Duration.ofSeconds(60), Duration.ofMillis(5), () ->
          fleet.workers().stream().allMatch(w -> w.coordinator.state() == WorkerState.STABLE)
              && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      double stable = (System.nanoTime() - t0) / 1e6;
      idWatch.join();
      return new Start((allIdsAt[0] - t0) / 1e6, stable);
    }
  }
}
