package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.strategy.AssignmentStrategy;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Workers configured with different strategies: the leader says so, naming both, instead of a silent reshuffle later. */
class StrategyMismatchTest {

  @Test
  void theLeaderWarnsAboutAWorkerThatRunsAnotherStrategy() {
    Iterator<AssignmentStrategy> strategies = List.of(AssignmentStrategy.stickyBalanced(), AssignmentStrategy.roundRobin()).iterator();
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 4, strategies::next);
    Scripted.start(sim, 2);
    String leaderStrategy = Scripted.leader(sim) == sim.processes().get(0) ? "stickyBalanced" : "roundRobin";
    String other = leaderStrategy.equals("stickyBalanced") ? "roundRobin" : "stickyBalanced";

    assertThat(sim.trace()).anyMatch(line -> line.contains("WARNING") && line.contains("runs the assignment strategy "
        + other + ", this leader " + leaderStrategy));
  }

  /** A leader taking over a record another strategy computed says so before it moves partitions by its own rules. */
  @Test
  void aNewLeaderWarnsWhenTheStoredRecordWasComputedByAnotherStrategy() {
    Iterator<AssignmentStrategy> strategies = List.of(AssignmentStrategy.stickyBalanced(), AssignmentStrategy.roundRobin()).iterator();
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 4, strategies::next);
    Scripted.start(sim, 2);
    SimProcess first = Scripted.leader(sim);
    String firstStrategy = first == sim.processes().get(0) ? "stickyBalanced" : "roundRobin";
    String other = firstStrategy.equals("stickyBalanced") ? "roundRobin" : "stickyBalanced";
    sim.crash(first);
    sim.await("another leader", () -> sim.live().stream().anyMatch(p -> p.coordinator().isLeader()),
        PartiOptions.fast().getElectionTimeout().multipliedBy(2));
    sim.runFor(java.time.Duration.ofMillis(200)); // its term reads the stored record

    assertThat(sim.trace()).anyMatch(line -> line.contains("leads with the assignment strategy " + other
        + ", but the stored assignment was computed with " + firstStrategy));
  }

  @Test
  void aFleetConfiguredAlikeHearsNoSuchWarning() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 4);
    Scripted.start(sim, 3);
    assertThat(sim.trace()).noneMatch(line -> line.contains("runs the assignment strategy")
        || line.contains("computed with"));
  }
}
