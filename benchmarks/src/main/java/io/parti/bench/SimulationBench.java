package io.parti.bench;

import io.parti.vertx.simulation.FaultKind;
import io.parti.vertx.simulation.SimulationRunner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code benchmarks/run simulation [--quick]}: random faulty histories of whole coordinators in the deterministic
 * simulation, on every core. Writes {@code histories} (at least 2,000 with {@code --quick}, 100,000 without),
 * {@code steps}, {@code violations} and {@code stalls} (histories with a broken invariant, or that did not converge
 * once faults stopped: both must be 0), {@code faultsInjected} by kind, and {@code historiesPerSecond}. The first
 * failing seeds are printed with their traces.
 */
public final class SimulationBench {

  private SimulationBench() {
  }

  public static void main(String[] args) throws Exception {
    long histories = BenchResults.quick(args) ? 2_000 : 100_000;
    long first = Long.getLong("parti.sim.firstSeed", 1_000_000);
    int threads = Runtime.getRuntime().availableProcessors();
    SimulationRunner.Summary summary = SimulationRunner.run(first, histories, threads);
    summary.failures().forEach(System.out::println);
    Map<String, Long> faults = new LinkedHashMap<>();
    for (FaultKind kind : FaultKind.values()) {
      faults.put(kind.name(), summary.faults().getOrDefault(kind, 0L));
    }
    new BenchResults("simulation")
        .put("histories", summary.histories())
        .put("firstSeed", first)
        .put("steps", summary.steps())
        .put("violations", summary.violations())
        .put("stalls", summary.stalls())
        .put("faultsInjected", faults)
        .put("historiesPerSecond", summary.historiesPerSecond())
        .put("threads", threads)
        .write();
  }
}
