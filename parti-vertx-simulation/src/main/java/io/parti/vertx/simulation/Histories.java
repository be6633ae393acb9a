package io.parti.vertx.simulation;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Coordinator;
import io.parti.vertx.impl.Timings;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Random histories: a seed chooses the fleet (the fast or, one in three, the sub-second preset, 2 to 4 workers, 4 to 16
 * partitions, a fixed or KV source, a strategy, degraded fencing on or off, 1 or 3 replicas, configured or, one in
 * three, made-up instance ids) and a fault phase of 8 to 25 s; then the faults stop and the fleet must converge within
 * the documented bound and stay converged, with a bounded rate of KV operations.
 */
public final class Histories {

  private static final long MS = 1_000_000;
  /** How long a converged fleet is watched for flapping and for its KV operation rate. */
  static final Duration STABLE_WINDOW = Duration.ofSeconds(4);

  private Histories() {
  }

  /** Runs the history of {@code seed}; records a trace only when asked. */
  public static HistoryResult run(long seed, boolean traced) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    // The preset from a stream of its own, so that a seed's history under fast() stays what it was.
    boolean subSecond = new SplittableRandom(~seed).nextInt(3) == 0;
    PartiOptions preset = subSecond ? PartiOptions.subSecond() : PartiOptions.fast();
    PartiOptions options = preset.setGroup("sim")
        .setDegradedFencing(random.nextBoolean())
        .setBucketReplicas(random.nextBoolean() ? 1 : 3);
    // One history in three without degraded fencing keeps running through outages (KEEP_RUNNING), from a stream of its own.
    if (!options.isDegradedFencing() && new SplittableRandom(seed * 0x2545F4914F6CDD1DL).nextInt(3) == 0) {
      options.setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
    }
    Simulation.Source source = random.nextInt(3) == 0 ? Simulation.Source.KV : Simulation.Source.FIXED;
    int partitions = 4 + random.nextInt(13);
    Supplier<AssignmentStrategy> strategy = List.<Supplier<AssignmentStrategy>>of(AssignmentStrategy::stickyBalanced,
        AssignmentStrategy::consistentHash, AssignmentStrategy::roundRobin).get(random.nextInt(3));
    Simulation sim = new Simulation(seed, options, source, partitions, strategy, 1.0);
    if (traced) {
      sim.traced();
      sim.trace(null, "history of seed " + seed + ": " + (subSecond ? "subSecond()" : "fast()") + ", degradedPolicy "
          + options.getDegradedPolicy() + ", " + options.getBucketReplicas() + " replicas, " + source + " source, "
          + partitions + " partitions");
    }
    // One history in three without configured instance ids, from a stream of its own like the preset.
    if (new SplittableRandom(seed * 0x9E3779B97F4A7C15L).nextInt(3) == 0) {
      sim.madeUpInstances();
    }
    int workers = 2 + random.nextInt(3);
    for (int i = 0; i < workers; i++) {
      sim.spawn("i" + i);
    }
    Chaos chaos = new Chaos(sim, random.split(), workers);
    long faultPhase = (8000 + random.nextInt(17_000)) * MS;
    chaos.schedule(0, faultPhase);
    sim.runUntil(faultPhase);

    chaos.calm();
    sim.trace(null, "faults stop");
    String stall = settle(sim);
    return new HistoryResult(seed, sim.queue().steps(), List.copyOf(sim.violations()), stall, Map.copyOf(sim.faults().counts()),
        Map.copyOf(chaos.churn()), sim.now() / MS, List.copyOf(sim.trace()));
  }

  /** Replays a seed with its trace: paste the line a failing run printed. */
  public static HistoryResult replay(long seed) {
    return run(seed, true);
  }

  /**
   * The documented bound on convergence once faults stop: an id or leader key left by a dead holder expires, a
   * dead worker is detected, a start or a stop that hangs is given up on, a leave ends, the cold-start window
   * passes, with a few operation timeouts of retries between the steps.
   */
  static Duration convergenceBound(PartiOptions o) {
    return o.getWorkerIdTtl().plus(o.getElectionTimeout()).plus(o.getHeartbeatTtl()).plus(o.getEmergencyGracePeriod())
        .plus(o.getColdStartWindow()).plus(o.getDrainTimeout()).plus(o.getShutdownTimeout())
        .plus(o.getOperationTimeout().multipliedBy(4)).plus(Duration.ofSeconds(2));
  }

  /**
   * Once faults stop, the fleet must reach a state that then holds for a whole {@link #STABLE_WINDOW}, within the
   * convergence bound: the after-effects of faults (a lease that ends, a drain that times out) may still change it
   * meanwhile. Returns why it did not, or {@code null}.
   */
  private static String settle(Simulation sim) {
    long deadline = sim.now() + convergenceBound(sim.options()).toNanos();
    String last = "never converged";
    while (sim.now() < deadline) {
      if (!sim.runUntil(() -> converged(sim) == null, Duration.ofNanos(deadline - sim.now()), Duration.ofMillis(50))) {
        return "not converged within " + convergenceBound(sim.options()).toMillis() + " ms of the faults stopping: " + converged(sim);
      }
      int runs = sim.runs().all().size();
      Map<SimProcess, Long> before = new java.util.HashMap<>();
      sim.live().forEach(p -> before.put(p, p.operations()));
      sim.runFor(STABLE_WINDOW);
      String state = converged(sim);
      if (state == null && sim.runs().all().size() == runs) {
        return steady(sim, before);
      }
      last = state != null ? state : "partitions started again: " + sim.runs().all().subList(runs, sim.runs().all().size());
    }
    return "did not stay converged for " + STABLE_WINDOW.toMillis() + " ms within the bound: " + last;
  }

  /** A fleet that stayed converged: a bounded rate of KV operations, no leaked timers. */
  private static String steady(Simulation sim, Map<SimProcess, Long> before) {
    double seconds = STABLE_WINDOW.toNanos() / 1e9;
    double bound = steadyOperationsPerSecond(sim.options());
    for (SimProcess p : sim.live()) {
      double rate = (p.operations() - before.getOrDefault(p, 0L)) / seconds;
      if (rate > bound) {
        return p.name() + " spins: " + String.format("%.1f", rate) + " KV operations/s in a steady fleet (bound " + bound + ")";
      }
      if (p.scheduler().armedTimers() > 16) {
        return p.name() + " leaks timers: " + p.scheduler().armedTimers() + " armed";
      }
    }
    for (SimProcess p : sim.processes()) {
      if (p.stopped() && !p.crashed() && p.scheduler().armedTimers() > 0) {
        return p.name() + " left timers armed after its leave: " + p.scheduler().armedTimers();
      }
    }
    return null;
  }

  /**
   * What a steady worker may send per second, twice over: its heartbeats, its id renewals, a leader's renewals,
   * a follower's campaign polls (a create that conflicts, and a read).
   */
  static double steadyOperationsPerSecond(PartiOptions o) {
    double poll = Math.max(100, Math.min(o.getElectionTimeout().toMillis() / 4, 500));
    return 2 * (1000.0 / o.getHeartbeatInterval().toMillis() + 3000.0 / o.getWorkerIdTtl().toMillis()
        + 1000.0 / Timings.leaderRenewalMillis(o) + 2000.0 / poll) + 2;
  }

  /** {@code null} when the fleet has converged, or what is still off. */
  static String converged(Simulation sim) {
    List<SimProcess> live = sim.live();
    for (SimProcess p : sim.processes()) {
      if (p.stopped() && !p.crashed() && !p.coordinator().stopped()) {
        return p.name() + " is still leaving";
      }
    }
    Set<String> ids = new TreeSet<>();
    int leaders = 0;
    SimServer.Stream assignments = sim.server().stream(sim.options().assignmentBucket());
    SimServer.Stored record = assignments == null ? null : assignments.current("assignment");
    long version;
    try {
      version = record == null || record.entry.isRemoval() ? -1 : io.parti.vertx.impl.protocol.AssignmentCodec.decode(record.entry.value()).version();
    } catch (IllegalArgumentException e) {
      return "the stored assignment cannot be read";
    }
    for (SimProcess p : live) {
      Coordinator c = p.coordinator();
      if (c.workerId() == null || !ids.add(c.workerId())) {
        return p.name() + " has no worker id of its own (" + c.workerId() + ")";
      }
      if (c.isLeader()) {
        leaders++;
      }
      if (c.assignmentVersion() != version) {
        return p.name() + " applied v" + c.assignmentVersion() + ", stored is v" + version;
      }
    }
    if (leaders != 1) {
      return leaders + " leaders";
    }
    Set<String> wanted = sim.wanted();
    Map<String, java.util.Set<Runs.Run>> holders = sim.checker().holdersNow();
    for (String partition : wanted) {
      java.util.Set<Runs.Run> runs = holders.get(partition);
      if (runs == null || runs.size() != 1) {
        return partition + " runs " + (runs == null ? "nowhere" : runs.size() + " times: " + runs);
      }
      if (!live.contains(runs.iterator().next().process)) {
        return partition + " runs on a process that is not live: " + runs;
      }
    }
    List<String> extra = new ArrayList<>(holders.keySet());
    extra.removeAll(wanted);
    return extra.isEmpty() ? null : "partitions that should not run do: " + extra;
  }
}
