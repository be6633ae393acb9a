package io.parti.bench;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.it.Fleet;
import io.parti.vertx.testkit.NatsServer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code benchmarks/run outage [--quick]}: a NATS outage under each degraded policy. Three coordinators ({@code fast()},
 * each its own Vert.x and connection) share 12 partitions on one local nats-server; the server is killed, kept down
 * for the outage, and restarted. Outages: {@code short} (a restart on the same store), {@code threeLeases} (down three
 * times {@code workerIdTtl}, the same store) and {@code wipedStore} (a restart on an empty store: a new server). For each {@code <policy>.<outage>}: {@code sameIds} (1 when every worker came back
 * under the id it had), {@code reassigned} (partitions running on another worker than before), {@code
 * restartedPartitions} (partition runs started after the outage began), {@code overlaps} (partitions that ran on two
 * workers at once) and {@code recoveryMs} (from the restart until every worker is in contact and every partition runs
 * once). {@code --quick} runs the same scenarios (each is one run).
 */
public final class OutageBench {

  private static final int PARTITIONS = 12;

  /** How long NATS stays down, and whether it comes back with an empty store. */
  private record Outage(Duration down, boolean wiped) {
  }

  private OutageBench() {
  }

  public static void main(String[] args) throws Exception {
    BenchResults results = new BenchResults("outage");
    for (DegradedPolicy policy : DegradedPolicy.values()) {
      PartiOptions options = PartiOptions.fast().setDegradedPolicy(policy);
      Map<String, Outage> outages = new LinkedHashMap<>();
      outages.put("short", new Outage(Duration.ZERO, false));
      outages.put("threeLeases", new Outage(options.getWorkerIdTtl().multipliedBy(3), false));
      outages.put("wipedStore", new Outage(Duration.ZERO, true));
      for (Map.Entry<String, Outage> outage : outages.entrySet()) {
        Map<String, Double> figures = scenario(options, outage.getValue());
        System.out.println(policy + " " + outage.getKey() + ": " + figures);
        results.put(policy.name() + "." + outage.getKey(), figures);
      }
    }
    results.write();
    System.exit(0);
  }

  private static Map<String, Double> scenario(PartiOptions options, Outage outage) throws Exception {
    try (NatsServer nats = NatsServer.start(); Fleet fleet = new Fleet(options, PARTITIONS)) {
      List<Fleet.Worker> workers = fleet.startSettled(3, nats.url(), options, Duration.ofSeconds(30));
      Map<Fleet.Worker, String> ids = new HashMap<>();
      workers.forEach(w -> ids.put(w, w.id()));
      Map<String, Set<String>> before = fleet.registry.byWorker();
      int runs = fleet.registry.intervals().size();

      nats.kill();
      fleet.awaitUntil(Duration.ofSeconds(10), () -> workers.stream().allMatch(w -> w.coordinator.state() != WorkerState.STABLE
          || w.coordinator.isLeader()));
      Thread.sleep(outage.down().toMillis());
      if (outage.wiped()) {
        nats.restartEmpty();
      } else {
        nats.restart();
      }
      long restarted = System.nanoTime();
      fleet.awaitUntil(Duration.ofSeconds(60), () -> workers.stream().allMatch(w -> w.id() != null
          && w.coordinator.state() != WorkerState.DEGRADED && w.coordinator.state() != WorkerState.CLAIMING_ID)
          && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      double recoveryMs = (System.nanoTime() - restarted) / 1e6;
      // Settle for a death bound, so that a late reshuffle is counted too.
      Thread.sleep(options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod()).toMillis());
      fleet.awaitUntil(Duration.ofSeconds(30), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));

      Map<String, Set<String>> after = fleet.registry.byWorker();
      int reassigned = 0;
      for (Map.Entry<String, Set<String>> e : before.entrySet()) {
        for (String partition : e.getValue()) {
          reassigned += after.getOrDefault(e.getKey(), Set.of()).contains(partition) ? 0 : 1;
        }
      }
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("sameIds", workers.stream().allMatch(w -> ids.get(w).equals(w.id())) ? 1.0 : 0.0);
      figures.put("reassigned", (double) reassigned);
      figures.put("restartedPartitions", (double) (fleet.registry.intervals().size() - runs));
      figures.put("overlaps", (double) fleet.registry.overlaps().size());
      figures.put("recoveryMs", Math.rint(recoveryMs));
      return figures;
    }
  }
}
