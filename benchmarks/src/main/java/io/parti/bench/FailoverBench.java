package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code benchmarks/run failover}: how long partitions are without an owner when a worker crashes, with 3 coordinators
 * and 32 partitions on a local nats-server, for the fast and the sub-second preset and the hand-tuned timings of the
 * Kafka comparison ({@link PresetTimings#handTuned()}), measured in the same run.
 * <ul>
 *   <li>{@code <preset>.followerFailoverMs}: a follower crashes → all its partitions run on the survivors</li>
 *   <li>{@code <preset>.leaderFailoverMs}: the leader crashes → a survivor is leader</li>
 *   <li>{@code <preset>.leaderRecoveryMs}: the leader crashes → all partitions run on the survivors</li>
 *   <li>{@code <preset>.coldStartMs}: 3 coordinators deployed at once → every partition runs exactly once</li>
 *   <li>{@code <preset>.detectionBoundMs} (heartbeat TTL + emergency grace) and {@code electionBoundMs}: as configured</li>
 *   <li>{@code falseDeaths}: deaths declared, ids lost and leader changes in a steady run of the sub-second preset
 *       under load ({@link SteadyRun}, 10 minutes; 1 with {@code --quick}); {@code steadyRun} has them apart</li>
 *   <li>{@code sweep}: the sub-second preset with the death bound at 500, 250 and 100 ms: false alarms in a steady
 *       run (2 minutes each; 30 s with {@code --quick}) and the follower and leader failover;
 *       {@code smallestBoundWithoutFalseDeathsMs}</li>
 * </ul>
 * The figures at the top level are the fast preset's, as before. Each failover figure is the median over the runs (5
 * with {@code --quick}, 15 without; 3 and 5 in the sweep).
 */
public final class FailoverBench {

  private static final int PARTITIONS = 32;
  private static final long[] SWEEP_BOUNDS_MS = {500, 250, 100};

  private FailoverBench() {
  }

  /** The medians of one set of timings. */
  private record Failovers(double follower, double leader, double leaderRecovery, double coldStart) {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = BenchResults.quick(args);
    int runs = quick ? 5 : 15;
    Map<String, PartiOptions> presets = new LinkedHashMap<>();
    presets.put("fast", PartiOptions.fast());
    presets.put("subSecond", PartiOptions.subSecond());
    presets.put("handTuned", PresetTimings.handTuned());
    BenchResults results = new BenchResults("failover");
    try (NatsServer nats = NatsServer.start()) {
      for (Map.Entry<String, PartiOptions> preset : presets.entrySet()) {
        PartiOptions options = preset.getValue();
        Failovers f = measure(nats, options, runs, preset.getKey());
        if (preset.getKey().equals("fast")) {
          results.put("followerFailoverMs", f.follower()).put("leaderFailoverMs", f.leader())
              .put("leaderRecoveryMs", f.leaderRecovery()).put("coldStartMs", f.coldStart())
              .put("detectionBoundMs", bound(options)).put("electionBoundMs", options.getElectionTimeout().toMillis());
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("followerFailoverMs", f.follower());
        figures.put("leaderFailoverMs", f.leader());
        figures.put("leaderRecoveryMs", f.leaderRecovery());
        figures.put("coldStartMs", f.coldStart());
        figures.put("detectionBoundMs", (double) bound(options));
        figures.put("electionBoundMs", (double) options.getElectionTimeout().toMillis());
        results.put(preset.getKey(), figures);
      }

      SteadyRun.Result steady = SteadyRun.run(nats.url(), PartiOptions.subSecond(), Duration.ofMinutes(quick ? 1 : 10));
      System.out.println("steady run (subSecond): " + steady.figures());
      results.put("falseDeaths", steady.falseAlarms());
      results.put("steadyRun", steady.figures());
      results.put("steadyRunMinutes", quick ? 1 : 10);

      Map<String, Double> sweep = new LinkedHashMap<>();
      long smallest = -1;
      for (long boundMs : SWEEP_BOUNDS_MS) {
        PartiOptions options = PresetTimings.subSecondWithBound(boundMs);
        SteadyRun.Result run = SteadyRun.run(nats.url(), options, quick ? Duration.ofSeconds(30) : Duration.ofMinutes(2));
        Failovers f = measure(nats, options, quick ? 3 : 5, "sweep " + boundMs + " ms");
        System.out.printf("sweep %d ms: %s, follower %.0f ms, leader %.0f ms%n", boundMs, run.figures(), f.follower(), f.leader());
        sweep.put(boundMs + "ms.falseDeaths", (double) run.falseAlarms());
        sweep.put(boundMs + "ms.followerFailoverMs", f.follower());
        sweep.put(boundMs + "ms.leaderFailoverMs", f.leader());
        sweep.put(boundMs + "ms.leaderRecoveryMs", f.leaderRecovery());
        if (run.falseAlarms() == 0) {
          smallest = boundMs;
        }
      }
      results.put("sweep", sweep);
      results.put("smallestBoundWithoutFalseDeathsMs", smallest);
    }
    results.put("runs", runs).write();
    System.exit(0);
  }

  private static long bound(PartiOptions options) {
    return options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod()).toMillis();
  }

  private static Failovers measure(NatsServer nats, PartiOptions options, int runs, String name) throws Exception {
    double[] follower = new double[runs];
    double[] leader = new double[runs];
    double[] leaderRecovery = new double[runs];
    double[] coldStart = new double[2 * runs];
    for (int i = 0; i < runs; i++) {
      try (Fleet fleet = new Fleet(options, PARTITIONS)) {
        coldStart[2 * i] = startThree(fleet, nats, options);
        Fleet.Worker victim = fleet.workers().stream().filter(w -> !w.coordinator.isLeader()).findFirst().orElseThrow();
        long t0 = System.nanoTime();
        victim.crash();
        awaitAllRunning(fleet);
        follower[i] = millisSince(t0);
      }
      try (Fleet fleet = new Fleet(options, PARTITIONS)) {
        coldStart[2 * i + 1] = startThree(fleet, nats, options);
        Fleet.Worker victim = fleet.leader();
        long t0 = System.nanoTime();
        victim.crash();
        fleet.awaitUntil(Duration.ofSeconds(30), Duration.ofMillis(1), () -> fleet.leader() != null);
        leader[i] = millisSince(t0);
        awaitAllRunning(fleet);
        leaderRecovery[i] = millisSince(t0);
      }
      System.out.printf("%s run %d: follower %.0f ms, leader %.0f ms, leader recovery %.0f ms%n", name, i + 1, follower[i], leader[i],
          leaderRecovery[i]);
    }
    return new Failovers(BenchResults.median(follower), BenchResults.median(leader), BenchResults.median(leaderRecovery),
        BenchResults.median(coldStart));
  }

  /** Deploys 3 coordinators at once and lets them settle; returns the ms until every partition ran exactly once. */
  private static double startThree(Fleet fleet, NatsServer nats, PartiOptions options) throws Exception {
    long t0 = System.nanoTime();
    fleet.startTogether(3, nats.url(), options);
    awaitAllRunning(fleet);
    double ms = millisSince(t0);
    // Then until each of the three runs some: a crash right after a cold start would also measure its last join.
    fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.registry.byWorker().size() == 3
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
    return ms;
  }

  private static void awaitAllRunning(Fleet fleet) {
    fleet.awaitUntil(Duration.ofSeconds(30), Duration.ofMillis(1),
        () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
  }

  private static double millisSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
