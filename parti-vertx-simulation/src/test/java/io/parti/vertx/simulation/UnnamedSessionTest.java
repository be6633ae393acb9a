package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import io.parti.vertx.impl.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by seed 229 (of a later build): a new leader that found the assignment purged granted nothing until every live
 * session applied its barrier, but counted only the sessions it had heard of. A worker whose heartbeat key showed
 * another session's last word (a duplicate instance that gave the id up) was unknown to it until it beat again, and
 * the barrier fell within milliseconds, once the leader's own worker had applied it, while that worker, its follower
 * held up by a start that hung, still ran what it had been granted: its partitions were granted to others. The barrier
 * now also waits until every session alive when the leader lost track has been heard of, or counts as dead, as a
 * session a record names would.
 */
class UnnamedSessionTest {

  @Test
  void aBarrierWaitsForTheSessionsTheLeaderHasNotHeardOf() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 2);
    SimProcess leader = Scripted.leader(sim);
    SimProcess next = Scripted.follower(sim);
    // A third worker joins, and one of its starts hangs: it applies nothing else until the start timeout.
    SimProcess unnamed = sim.spawn("i2");
    sim.faults().next(r -> r.process() == unnamed && r.bucket().equals(SimDeployer.VERTICLES) && r.operation().equals("START"),
        Faults.Fate.HANGS);
    sim.await("its hung start began", () -> sim.runs().all().stream().anyMatch(run -> run.process == unnamed), Duration.ofSeconds(3));
    Hold campaign = sim.hold(r -> r.process() == unnamed && r.bucket().equals(sim.options().leaderBucket()));

    // The record is purged and the leader crashes. As the next leader sends the create that will win, the heartbeat
    // keys of the crashed leader and the hung worker go (an operator), and the hung worker's beats are held back: the
    // next leader knows of neither when it reads the heartbeats, and no record names them.
    sim.server().stream(sim.options().assignmentBucket()).write("assignment", new byte[0], KvEntry.Operation.PURGE, -1, null, null);
    String heartbeats = sim.options().heartbeatBucket();
    SimServer.Stream election = sim.server().stream(sim.options().leaderBucket());
    AtomicReference<Hold> beats = new AtomicReference<>();
    sim.hold(r -> {
      if (beats.get() == null && r.process() == next && r.bucket().equals(election.name) && election.current("leader") == null) {
        beats.set(sim.hold(b -> b.process() == unnamed && b.bucket().equals(heartbeats)));
        for (SimProcess gone : new SimProcess[] {leader, unnamed}) {
          sim.server().stream(heartbeats).write(gone.coordinator().workerId(), new byte[0], KvEntry.Operation.DELETE, -1, null, null);
        }
      }
      return false;
    });
    sim.crash(leader);
    sim.await("the next leader", () -> next.coordinator().isLeader(), options.getElectionTimeout().multipliedBy(2));
    // Held for as long as a worker's beats may fail before any leader acts on its silence, less a heartbeat interval.
    sim.runFor(Timings.minimumSilence(options).minus(options.getHeartbeatInterval()));
    beats.get().release();
    campaign.release();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
    assertThat(sim.trace()).anyMatch(line -> line.contains("granting nothing until every live worker applied"));
  }
}
