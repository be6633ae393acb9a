package io.parti.vertx.simulation;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random faulty histories of whole coordinators (see {@link Histories}): every invariant holds at the end
 * of every instant, and every history converges once its faults stop. Every kind of fault is injected. The count
 * is {@code -Dparti.sim.seeds} (3,000 by default; the {@code simulation-long} profile runs 20,000), from seed
 * {@code -Dparti.sim.firstSeed} (1 by default); a failure prints the first failing seeds with their traces, and
 * {@code SimulationRunner --replay SEED} replays one.
 */
class SimulationTest {

  @Test
  void randomFaultyHistoriesKeepEveryInvariantAndConverge() throws Exception {
    long seeds = Long.getLong("parti.sim.seeds", 3_000);
    long first = Long.getLong("parti.sim.firstSeed", 1);
    SimulationRunner.Summary summary = SimulationRunner.run(first, seeds, Runtime.getRuntime().availableProcessors());

    System.out.printf("%d histories from seed %d, %d steps, %.0f histories/s, faults %s%n", summary.histories(), first,
        summary.steps(), summary.historiesPerSecond(), summary.faults());
    assertThat(summary.violations() + summary.stalls())
        .as("histories that broke an invariant or did not converge:\n" + String.join("\n", summary.failures()))
        .isZero();
    assertThat(summary.faults().keySet()).as("fault kinds injected").isEqualTo(EnumSet.allOf(FaultKind.class));
  }
}
