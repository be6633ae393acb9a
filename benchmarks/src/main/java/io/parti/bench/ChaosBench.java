package io.parti.bench;

import io.parti.vertx.it.Fleet;
import io.parti.vertx.it.chaos.ChaosReport;
import io.parti.vertx.it.chaos.ChaosRun;
import io.parti.vertx.testkit.NatsCluster;

import java.time.Duration;
import java.util.Arrays;

/**
 * {@code benchmarks/run chaos [--quick] [--seed=N]}: the chaos suite's run ({@link ChaosRun}: 5 worker processes, 64
 * partitions, a 3-node cluster, {@code FENCE}, crashes, graceful restarts, scaling, node kills, cuts and delays one after
 * the other while 200 messages a second are published) for 10 minutes, 90 s with {@code --quick}. Figures: {@code
 * faults} by kind, {@code overlaps} (0 under fence), {@code lost} (0), {@code duplicates} (with {@code
 * duplicatesByCause}, the kind of fault that explains each), {@code maxConvergenceMs} after a fault (with {@code
 * convergenceMsByKind}), {@code published}, {@code problems} (broken guarantees, 0) and the {@code seed} that replays
 * the schedule. Exits with 1 when a guarantee broke, after writing the figures.
 */
public final class ChaosBench {

  private ChaosBench() {
  }

  public static void main(String[] args) throws Exception {
    Duration duration = BenchResults.quick(args) ? Duration.ofSeconds(90) : Duration.ofMinutes(10);
    long seed = Arrays.stream(args).filter(a -> a.startsWith("--seed=")).map(a -> Long.parseLong(a.substring(7)))
        .findFirst().orElseGet(ChaosRun.Settings::freshSeed);
    ChaosReport report;
    try (NatsCluster cluster = NatsCluster.start(3)) {
      Fleet.warmUp(cluster.urls());
      report = ChaosRun.run(cluster, ChaosRun.Settings.of(seed, duration));
    }
    System.out.println(report.summary());
    new BenchResults("chaos")
        .put("faults", report.faults())
        .put("overlaps", report.overlaps())
        .put("lost", report.lost())
        .put("duplicates", report.duplicates())
        .put("duplicatesByCause", report.duplicatesByCause())
        .put("maxConvergenceMs", report.maxConvergenceMs())
        .put("convergenceMsByKind", report.convergenceMsByKind())
        .put("published", report.published())
        .put("problems", report.problems().size())
        .put("durationS", duration.toSeconds())
        .put("seed", seed)
        .write();
    System.exit(report.passed() ? 0 : 1);
  }
}
