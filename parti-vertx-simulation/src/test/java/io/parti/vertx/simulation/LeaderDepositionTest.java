package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the sub-second preset the leader lease (1.5 s) is longer than the death bound (0.5 s): followers depose a
 * leader whose key shows no renewal for the death bound, by a delete checked against the revision they last saw. A
 * crashed leader is replaced within the bound; a pause shorter than the bound, or a follower whose watch lags,
 * deposes nobody.
 */
class LeaderDepositionTest {

  private static final PartiOptions OPTIONS = PartiOptions.subSecond();
  private static final Duration BOUND = Timings.detectionBound(OPTIONS);

  private static Simulation fleetOfThree() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 3);
    return sim;
  }

  @Test
  void aCrashedLeaderIsReplacedWithinTheDeathBoundNotItsLease() {
    Simulation sim = fleetOfThree();
    SimProcess old = Scripted.leader(sim);

    long crashed = sim.now();
    old.crash();
    sim.await("another leader", () -> sim.live().stream().anyMatch(p -> p.coordinator().isLeader()), OPTIONS.getElectionTimeout().multipliedBy(2));

    // The bound counts from the last renewal seen, up to one renewal interval before the crash.
    Duration failover = Duration.ofNanos(sim.now() - crashed);
    assertThat(failover).as("leader failover").isLessThanOrEqualTo(BOUND.plusMillis(Timings.leaderRenewalMillis(OPTIONS)));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  @Test
  void aPauseShorterThanTheBoundKeepsTheTerm() {
    Simulation sim = fleetOfThree();
    SimProcess leader = Scripted.leader(sim);

    for (int i = 0; i < 5; i++) {
      leader.pause();
      sim.runFor(BOUND.multipliedBy(3).dividedBy(5)); // 300 ms: three renewals missed, the lease and bound still ahead
      leader.resume();
      sim.runFor(Duration.ofSeconds(1));
      assertThat(Scripted.leader(sim)).as("the leader after pause " + (i + 1)).isSameAs(leader);
    }
    Scripted.assertNoViolations(sim);
  }

  @Test
  void aFollowerWhoseWatchLagsDeposesNobody() {
    Simulation sim = fleetOfThree();
    SimProcess leader = Scripted.leader(sim);
    SimProcess lagging = Scripted.follower(sim);

    lagging.stallWatches(BOUND.multipliedBy(4).toNanos()); // it sees no renewal for twice the bound and more
    sim.runFor(BOUND.multipliedBy(5));

    assertThat(Scripted.leader(sim)).as("the leader").isSameAs(leader);
    assertThat(leader.coordinator().isLeader()).isTrue();
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
