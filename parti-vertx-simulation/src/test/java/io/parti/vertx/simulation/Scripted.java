package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.protocol.AssignmentCodec;
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
    try {
      sim.await("the fleet converges", () -> Histories.converged(sim) == null, SETTLE);
    } catch (AssertionError e) {
      throw new AssertionError(Histories.converged(sim) + "; " + e.getMessage(), e);
    }
  }

  static SimProcess leader(Simulation sim) {
    return sim.live().stream().filter(p -> p.coordinator().isLeader()).findFirst().orElseThrow();
  }

  /** The live process that holds worker id {@code workerId}. */
  static SimProcess holderOf(Simulation sim, String workerId) {
    return sim.live().stream().filter(p -> workerId.equals(p.coordinator().workerId())).findFirst().orElseThrow();
  }

  static SimProcess follower(Simulation sim) {
    return sim.live().stream().filter(p -> !p.coordinator().isLeader()).findFirst().orElseThrow();
  }

  static void assertNoViolations(Simulation sim) {
    assertThat(sim.violations()).as("violations; trace:\n" + String.join("\n", sim.trace())).isEmpty();
  }

  /** Holds the leader's next write of the assignment on the wire, and waits until it is there. */
  static Hold holdNextCommit(Simulation sim, SimProcess leader) {
    Hold hold = sim.hold(r -> r.process() == leader && r.bucket().equals(sim.options().assignmentBucket()) && r.operation().equals("PUT"));
    sim.await("a commit of the leader is on the wire", () -> hold.size() == 1, Duration.ofSeconds(3));
    return hold;
  }

  /** Whether the stored assignment is in the middle of a hand-off: some partition is being released. */
  static boolean releasing(Simulation sim) {
    SimServer.Stored stored = sim.server().stream(sim.options().assignmentBucket()).current("assignment");
    return stored != null && !stored.entry.isRemoval()
        && AssignmentCodec.decode(stored.entry.value()).slots().values().stream().anyMatch(s -> s.releasing() != null);
  }
}
