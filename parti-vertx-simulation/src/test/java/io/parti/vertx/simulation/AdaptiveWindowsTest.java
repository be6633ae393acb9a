package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code adaptiveWindows}: a join that finds the leader idle rebalances at once; joins that come while a rebalance is
 * under way wait for the planned-scale window together. The window is made long (2 s) so that waiting for it shows.
 */
class AdaptiveWindowsTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final PartiOptions OPTIONS = PartiOptions.subSecond().setPlannedScaleWindow(WINDOW).setColdStartWindow(WINDOW);

  /** Starts {@code count} workers and waits until each runs partitions (a join right after the first plan waits). */
  private static void settled(Simulation sim, int count) {
    Scripted.start(sim, count);
    sim.await("every worker runs partitions", () -> sim.live().stream().noneMatch(p -> p.coordinator().assignment().isEmpty()),
        WINDOW.multipliedBy(2));
    sim.runFor(Duration.ofMillis(500));
  }

  @Test
  void aLoneJoinIsServedAtOnce() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    settled(sim, 3);

    SimProcess joiner = sim.spawn("i3");
    sim.await("the new worker runs partitions", () -> !joiner.coordinator().assignment().isEmpty(), WINDOW.dividedBy(2));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  @Test
  void joinsDuringARebalanceWaitForTheWindowTogether() {
    Simulation sim = Scripted.fleet(OPTIONS, 12);
    settled(sim, 2);

    List<SimProcess> joiners = List.of(sim.spawn("i2"), sim.spawn("i3"), sim.spawn("i4"));
    sim.await("a joiner runs partitions", () -> joiners.stream().anyMatch(p -> !p.coordinator().assignment().isEmpty()),
        WINDOW.dividedBy(2));
    long firstServed = sim.now();
    assertThat(joiners.stream().filter(p -> p.coordinator().assignment().isEmpty()).count())
        .as("joiners that came during the first one's rebalance and wait").isEqualTo(2);

    sim.await("every joiner runs partitions", () -> joiners.stream().noneMatch(p -> p.coordinator().assignment().isEmpty()),
        WINDOW.multipliedBy(2));
    assertThat(Duration.ofNanos(sim.now() - firstServed)).as("the later joins waited for the window")
        .isGreaterThanOrEqualTo(WINDOW.minus(Duration.ofMillis(200)));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  @Test
  void aColdStartPlansAtOnce() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    sim.spawn("i0");
    sim.spawn("i1");
    sim.await("every partition runs", () -> Histories.converged(sim) == null, WINDOW.dividedBy(2));
    Scripted.assertNoViolations(sim);
  }
}
