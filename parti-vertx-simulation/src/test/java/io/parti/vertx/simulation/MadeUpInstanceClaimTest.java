package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker-id claim under an instance id made up for its process does not read who holds an id it cannot get: no other
 * process shares its instance. One holder it can meet is its own lease, though: a create whose answer was lost, tried
 * again. That create landed, so the retry conflicts with it; a claim that walked on would leave the id held by a lease
 * nobody renews until it expires, and take the next one.
 */
class MadeUpInstanceClaimTest {

  @Test
  void aClaimWhoseCreateLandedUnansweredKeepsThatId() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8).madeUpInstances();
    Scripted.start(sim, 2);
    String ids = sim.options().idsBucket();

    sim.faults().next(r -> r.bucket().equals(ids) && r.key().equals("worker-2") && r.operation().equals("PUT"),
        Faults.Fate.REPLY_LOST);
    SimProcess third = sim.spawn("i2");
    sim.await("the third process holds an id", () -> third.coordinator().workerId() != null,
        options.getOperationTimeout().multipliedBy(4).plus(Duration.ofSeconds(2)));

    assertThat(third.coordinator().workerId()).as("the id its unanswered create took").isEqualTo("worker-2");
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
