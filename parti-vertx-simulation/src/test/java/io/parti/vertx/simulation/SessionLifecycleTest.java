package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holes k and l: a worker session could not be stopped while it started (a re-join's claim that landed after the
 * undeploy left a coordinator that renewed, beat and could lead), the election's poll timer re-armed after a stop,
 * and a campaign that won after a stop left the leader key to expire instead of giving it back.
 */
class SessionLifecycleTest {

  @Test
  void anUndeployDuringAReJoinLeavesNothingRunning() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 2);
    SimProcess worker = Scripted.follower(sim);
    worker.cut(0);
    sim.await("the worker lost its id and is re-joining", () -> !worker.coordinator().holdsWorkerId()
        && worker.coordinator().workerId() == null, options.getWorkerIdTtl());

    worker.stop();
    sim.runFor(Duration.ofMillis(500));
    worker.heal(250_000_000L);
    sim.runFor(Duration.ofSeconds(5));

    assertThat(worker.coordinator().stopped()).isTrue();
    assertThat(worker.coordinator().holdsWorkerId()).as("a claim that landed after the undeploy is given back").isFalse();
    assertThat(worker.coordinator().isLeader()).isFalse();
    assertThat(worker.scheduler().armedTimers()).as("timers left armed").isZero();
    assertThat(sim.server().stream(sim.options().idsBucket()).keys.keySet())
        .as("no id key holds the stopped worker's lease").allMatch(id -> {
          SimServer.Stored key = sim.server().stream(sim.options().idsBucket()).current(id);
          return key == null || key.entry.isRemoval() || !new String(key.entry.value()).contains(worker.instance());
        });
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  @Test
  void anUndeployWhileTheSessionStartsLeavesNoTimerArmed() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 8);
    Scripted.start(sim, 1);
    SimProcess worker = sim.spawn("i1");
    Hold firstBeat = sim.hold(r -> r.process() == worker && r.bucket().equals(sim.options().heartbeatBucket()));
    sim.await("its first heartbeat is on the wire", () -> firstBeat.size() == 1, Duration.ofSeconds(2));

    worker.stop();
    sim.runFor(Duration.ofMillis(100));
    firstBeat.release();
    sim.runFor(Duration.ofSeconds(5));

    assertThat(worker.coordinator().stopped()).isTrue();
    assertThat(worker.scheduler().armedTimers()).as("timers left armed (the election's poll)").isZero();
    Scripted.assertNoViolations(sim);
  }

  @Test
  void aCampaignThatWinsAfterTheStopGivesTheLeaderKeyBack() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 0); // owning nothing, the follower's leave goes straight to its teardown
    Scripted.start(sim, 2);
    SimProcess follower = Scripted.follower(sim);
    Hold campaign = sim.hold(r -> r.process() == follower && r.bucket().equals(sim.options().leaderBucket()) && r.operation().equals("PUT")
        && sim.server().stream(sim.options().leaderBucket()).current("leader") == null); // one that wins: the key expired
    sim.crash(Scripted.leader(sim));
    sim.await("the follower's campaign is on the wire", () -> campaign.size() == 1, options.getElectionTimeout().multipliedBy(2));

    follower.stop();
    sim.runFor(Duration.ofMillis(50));
    campaign.release();
    sim.runFor(Duration.ofMillis(100));

    SimServer.Stored key = sim.server().stream(sim.options().leaderBucket()).current("leader");
    assertThat(key == null || key.entry.isRemoval()).as("the leader key was given back at once, not left to expire; trace:\n"
        + String.join("\n", sim.trace())).isTrue();
  }
}
