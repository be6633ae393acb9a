package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole c: the leader declared workers dead from the servers' timestamps on their heartbeats, so a clock step on
 * the server (a stream leader moving to a node with a skewed clock) made live workers, itself included, look
 * dead: their partitions were granted elsewhere while they still ran them.
 */
class ServerClockTest {

  @Test
  void aServerClockJumpForwardDeclaresNobodyDead() {
    aClockJumpMovesNothing(10_000);
  }

  @Test
  void aServerClockJumpBackDeclaresNobodyDead() {
    aClockJumpMovesNothing(-10_000);
  }

  private static void aClockJumpMovesNothing(long byMs) {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 12);
    Scripted.start(sim, 3);
    int runs = sim.runs().all().size();

    sim.server().jumpClock(byMs);
    sim.runFor(Duration.ofSeconds(5));
    sim.server().jumpClock(-byMs);
    sim.runFor(Duration.ofSeconds(5));

    Scripted.assertNoViolations(sim);
    assertThat(sim.runs().all()).as("runs started after the jump").hasSize(runs);
  }

  /**
   * A leader whose heartbeat watch lags (a slow consumer) sees everybody's heartbeats late, its own included: by its
   * own clock they all fell silent, but the watch's watermark (its own heartbeat coming back) stopped with them, so
   * nobody is declared dead.
   */
  @Test
  void aLaggingHeartbeatWatchDeclaresNobodyDead() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 3);
    int runs = sim.runs().all().size();

    Scripted.leader(sim).stallWatches(options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod()).multipliedBy(2).toNanos());
    sim.runFor(Duration.ofSeconds(8));

    Scripted.assertNoViolations(sim);
    assertThat(sim.runs().all()).as("runs started while the watch lagged").hasSize(runs);
  }

  /** A new leader still uses the servers' timestamps to catch up on a worker that died before it took over. */
  @Test
  void aNewLeaderCatchesUpOnAWorkerThatDiedBeforeTheTakeover() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess doomed = Scripted.follower(sim);
    sim.crash(doomed);
    sim.runFor(Duration.ofMillis(1000));
    sim.crash(leader);
    long crashed = sim.now();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
    // Without catching up, the new leader would wait a whole detection bound of its own after its election.
    long bound = options.getHeartbeatTtl().plus(options.getEmergencyGracePeriod()).toNanos();
    long electionAtMost = options.getElectionTimeout().toNanos() + options.getOperationTimeout().toNanos();
    assertThat(sim.now() - crashed).isLessThan(electionAtMost + bound);
  }
}
