package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker-id claim under an instance id made up for its process does not read who holds an id it cannot get: no other
 * process shares its instance. One holder it can meet is its own lease, though: a create whose answer was lost, tried
 * again. That create landed, so the retry conflicts with it; a claim that walked on would leave the id held by a lease
 * nobody renews until it expires, and take the next one.
 */
class MadeUpInstanceClaimTest {

  /**
   * Processes started together walk up past ids the others claimed after their walks began: the creates say so, so
   * none of those keys can hold a delete marker to write over, and no claim reads one past the first id (a round trip
   * per held id saved).
   */
  @Test
  void claimsStartedTogetherReadNoIdTheOthersClaimedMeanwhile() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8).madeUpInstances();
    String ids = sim.options().idsBucket();
    List<String> reads = new ArrayList<>();
    sim.faults().next(r -> {
      if (r.bucket().equals(ids) && r.operation().equals("GET")) {
        reads.add(r.process() + " read " + r.key());
      }
      return false; // only looks
    }, Faults.Fate.NORMAL);

    Scripted.start(sim, 6);

    assertThat(sim.live()).extracting(p -> p.coordinator().workerId())
        .containsExactlyInAnyOrder("worker-0", "worker-1", "worker-2", "worker-3", "worker-4", "worker-5");
    assertThat(reads).as("reads of the ids bucket: only the first id, tried before the bucket's revision is known")
        .isNotEmpty().allMatch(read -> read.endsWith(" read worker-0"));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  /**
   * A claim answered too late (its process paused past the lease margin) gives the id back and claims again: that
   * release is a write after the walk began, and the new try must read the key rather than take it for held, or the
   * worker would pass over the id it just freed. (Found by a review: it ended on worker-3, leaving worker-2 free.)
   */
  @Test
  void aClaimAnsweredTooLateTakesTheSameIdAgain() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8).madeUpInstances();
    Scripted.start(sim, 2);
    String ids = sim.options().idsBucket();
    boolean[] paused = {false};
    boolean[] givenBack = {false};
    sim.faults().next(r -> {
      givenBack[0] |= paused[0] && r.bucket().equals(ids) && r.key().equals("worker-2") && r.operation().equals("DELETE");
      if (!paused[0] && r.bucket().equals(ids) && r.key().equals("worker-2") && r.operation().equals("PUT")) {
        paused[0] = true;
        r.process().pause();
        // Past the lease margin, before the key expires: the claim gives back a key that is still there.
        sim.queue().after(options.getWorkerIdTtl().minusMillis(400).toNanos(), null, r.process()::resume);
      }
      return false; // only pauses and looks
    }, Faults.Fate.NORMAL);

    SimProcess third = sim.spawn("i2");
    sim.await("the third process holds an id", () -> third.coordinator().workerId() != null, Duration.ofSeconds(20));

    assertThat(givenBack[0]).as("the claim answered too late gave its id back").isTrue();
    assertThat(third.coordinator().workerId()).isEqualTo("worker-2");
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

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
