package io.parti.bench;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;

/**
 * {@code benchmarks/run failover}: how long partitions are without an owner when a worker crashes, with the
 * fast preset, 3 coordinators and 32 partitions on a local nats-server.
 * <ul>
 *   <li>{@code followerFailoverMs}: a follower crashes → all its partitions run on the survivors</li>
 *   <li>{@code leaderFailoverMs}: the leader crashes → a survivor is leader</li>
 *   <li>{@code leaderRecoveryMs}: the leader crashes → all partitions run on the survivors</li>
 *   <li>{@code coldStartMs}: 3 coordinators deployed at once → every partition runs exactly once</li>
 *   <li>{@code detectionBoundMs} (heartbeat TTL + emergency grace) and {@code electionBoundMs}: the configured bounds</li>
 * </ul>
 * Each figure is the median over the runs (5 with {@code --quick}, 15 without).
 */
public final class FailoverBench {

  private static final PartiOptions FAST = PartiOptions.fast();
  private static final int PARTITIONS = 32;

  private FailoverBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = BenchResults.quick(args) ? 5 : 15;
    double[] follower = new double[runs];
    double[] leader = new double[runs];
    double[] leaderRecovery = new double[runs];
    double[] coldStart = new double[2 * runs];
    try (NatsServer nats = NatsServer.start()) {
      for (int i = 0; i < runs; i++) {
        try (Fleet fleet = new Fleet(FAST, PARTITIONS)) {
          coldStart[2 * i] = startThree(fleet, nats);
          Fleet.Worker victim = fleet.workers().stream().filter(w -> !w.coordinator.isLeader()).findFirst().orElseThrow();
          long t0 = System.nanoTime();
          victim.crash();
          awaitAllRunning(fleet);
          follower[i] = millisSince(t0);
        }
        try (Fleet fleet = new Fleet(FAST, PARTITIONS)) {
          coldStart[2 * i + 1] = startThree(fleet, nats);
          Fleet.Worker victim = fleet.leader();
          long t0 = System.nanoTime();
          victim.crash();
          fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.leader() != null);
          leader[i] = millisSince(t0);
          awaitAllRunning(fleet);
          leaderRecovery[i] = millisSince(t0);
        }
        System.out.printf("run %d: follower %.0f ms, leader %.0f ms, leader recovery %.0f ms%n", i + 1, follower[i], leader[i], leaderRecovery[i]);
      }
    }
    new BenchResults("failover")
        .put("followerFailoverMs", BenchResults.median(follower))
        .put("leaderFailoverMs", BenchResults.median(leader))
        .put("leaderRecoveryMs", BenchResults.median(leaderRecovery))
        .put("coldStartMs", BenchResults.median(coldStart))
        .put("detectionBoundMs", FAST.getHeartbeatTtl().plus(FAST.getEmergencyGracePeriod()).toMillis())
        .put("electionBoundMs", FAST.getElectionTimeout().toMillis())
        .put("runs", runs)
        .write();
    System.exit(0);
  }

  /** Deploys 3 coordinators at once; returns the ms until every partition runs exactly once. */
  private static double startThree(Fleet fleet, NatsServer nats) throws Exception {
    long t0 = System.nanoTime();
    fleet.startTogether(3, nats.url(), FAST);
    awaitAllRunning(fleet);
    return millisSince(t0);
  }

  private static void awaitAllRunning(Fleet fleet) {
    fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
  }

  private static double millisSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
