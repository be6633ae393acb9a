package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole h: a partition verticle whose start never completed hung everything after it: the reconcile, so every later
 * assignment; the graceful leave; the self-fence; the undeploy.
 */
class HungStartTest {

  @Test
  void aStartThatNeverCompletesTimesOutAndTheWorkerCarriesOn() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 1);
    sim.faults().next(r -> r.bucket().equals(SimDeployer.VERTICLES) && r.operation().equals("START"), Faults.Fate.HANGS);

    SimProcess joined = sim.spawn("i1");
    sim.await("the joined worker runs its share, the hung start retried",
        () -> joined.coordinator().assignment().size() == 4 && Histories.converged(sim) == null,
        options.getStartTimeout().plus(Duration.ofSeconds(3)));
    assertThat(sim.trace()).anyMatch(line -> line.contains("did not complete within the start timeout"));

    sim.spawn("i2"); // later assignments still apply on that worker
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  @Test
  void aGracefulLeaveIsNotHeldUpByAStartThatNeverCompletes() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 1);
    SimProcess leaving = sim.spawn("i1");
    sim.faults().next(r -> r.process() == leaving && r.bucket().equals(SimDeployer.VERTICLES), Faults.Fate.HANGS);
    sim.await("the hung start began", () -> sim.runs().all().stream().anyMatch(run -> run.process == leaving), Duration.ofSeconds(3));

    leaving.stop();
    sim.await("the leave is through", () -> leaving.coordinator().stopped(),
        options.getShutdownTimeout().plus(options.getDrainTimeout()));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  /**
   * Found by seed 1000871: the retry of a start that timed out waits for the hung run's drain. A pause past the id
   * lease then ends; the drain's timer fires first, and the start went ahead on a worker whose partitions had been
   * given away. A start re-checks contact when it finally deploys.
   */
  @Test
  void aStartWaitingForADrainDoesNotDeployAfterAPausePastTheLease() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 1);
    SimProcess joined = sim.spawn("i1");
    sim.faults().next(r -> r.process() == joined && r.bucket().equals(SimDeployer.VERTICLES) && r.operation().equals("START"),
        Faults.Fate.HANGS);
    sim.await("the start timed out", () -> sim.trace().stream().anyMatch(l -> l.contains("within the start timeout")),
        options.getStartTimeout().plus(Duration.ofSeconds(3)));
    sim.runFor(Duration.ofMillis(1100)); // the follower asks again: the new start waits for the hung run's drain

    joined.pause();
    sim.runFor(options.getWorkerIdTtl().multipliedBy(2));
    joined.resume();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
