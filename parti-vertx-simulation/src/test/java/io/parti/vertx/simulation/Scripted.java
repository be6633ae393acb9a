package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripted histories: no random faults, only the ones a test injects, with a trace for failure messages. */
final class Scripted {

  static final Duration SETTLE = Duration.ofSeconds(10);

  private Scripted() {
  }

  static Simulation fleet(PartiOptions options, int partitions) {
    return fleet(options, partitions, AssignmentStrategy::stickyBalanced);
  }

  static Simulation fleet(PartiOptions options, int partitions, Supplier<AssignmentStrategy> strategy) {
    return new Simulation(1, new PartiOptions(options).setGroup("sim"), Simulation.Source.FIXED, partitions, strategy, 0).traced();
  }

  /** Starts {@code count} processes and waits until every partition runs exactly once. */
  static void start(Simulation sim, int count) {
    for (int i = 0; i < count; i++) {
      sim.spawn("i" + i);
    }
    awaitConverged(sim);
  }

  static void awaitConverged(Simulation sim) {
    sim.await("the fleet converges: " + Histories.converged(sim), () -> Histories.converged(sim) == null, SETTLE);
  }

  static SimProcess leader(Simulation sim) {
    return sim.live().stream().filter(p -> p.coordinator().isLeader()).findFirst().orElseThrow();
  }

  static SimProcess follower(Simulation sim) {
    return sim.live().stream().filter(p -> !p.coordinator().isLeader()).findFirst().orElseThrow();
  }

  static void assertNoViolations(Simulation sim) {
    assertThat(sim.violations()).as("violations; trace:\n" + String.join("\n", sim.trace())).isEmpty();
  }
}
