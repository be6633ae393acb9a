package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by seed 805 once the sub-second preset joined the random histories: a worker paused for longer than the death
 * bound but not its id lease (1.4 s against 0.5 s and 2.8 s) was declared dead, its new grants given to others; on
 * resuming, its lagging watch delivered the record that had granted it those partitions, and it started them beside
 * their new owners. A worker whose heartbeats stopped landing for longer than a leader waits before declaring a death
 * now applies nothing until they land again and it read the record afresh.
 */
class ResyncAfterSilenceTest {

  private static final PartiOptions OPTIONS = PartiOptions.subSecond();

  @Test
  void aWorkerBackFromASilencePastTheDeathBoundDoesNotStartWhatALateRecordGrantedIt() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 2);
    SimProcess joiner = sim.spawn("i2");
    // It stops once its join's hand-off began, before its grants come, and its watch lags well past its return.
    assertThat(sim.runUntil(() -> Scripted.releasing(sim), Duration.ofSeconds(2), Duration.ofNanos(1000)))
        .as("the join's hand-off began").isTrue(); // checked every microsecond: it lasts a few milliseconds
    Duration pause = Timings.detectionBound(OPTIONS).multipliedBy(3);
    joiner.pause();
    joiner.stallWatches(pause.multipliedBy(2).toNanos());
    sim.runFor(pause);
    assertThat(joiner.coordinator().assignment()).as("what it runs when it resumes").isEmpty();
    joiner.resume();
    sim.runFor(pause.multipliedBy(2));

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
    assertThat(joiner.coordinator().holdsWorkerId()).as("it kept its id").isTrue();
    // No run of its started under a grant that an earlier-started run of another worker had already superseded.
    for (Runs.Run run : sim.runs().all()) {
      if (run.process == joiner) {
        assertThat(sim.runs().of(run.partition)).as("runs of " + run.partition)
            .noneMatch(other -> other.process != joiner && other.epoch > run.epoch && other.startedAt < run.startedAt);
      }
    }
  }
}
