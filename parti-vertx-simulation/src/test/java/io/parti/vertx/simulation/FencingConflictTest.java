package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Hole a: a new leader whose fencing commit conflicted with a late commit of the old leader built its next version
 * from the slots it had read before, and could grant a partition the late commit had already given to another worker.
 */
class FencingConflictTest {

  @Test
  void aNewLeaderBuildsOnTheOldLeadersLateCommitNotOnWhatItReadBefore() {
    PartiOptions options = PartiOptions.fast();
    Rotating strategy = new Rotating();
    Simulation sim = Scripted.fleet(options, 6, () -> strategy);
    Scripted.start(sim, 3);
    SimProcess old = Scripted.leader(sim);
    String assign = sim.options().assignmentBucket();

    // The old leader moves partitions to a new worker; its grant, after the revocations, stays on the wire.
    strategy.turn();
    sim.spawn("i3");
    Hold oldCommit = Scripted.holdNextCommit(sim, old);
    while (!Scripted.releasing(sim)) {
      oldCommit.release();
      oldCommit = Scripted.holdNextCommit(sim, old);
    }

    // The old leader stalls past its lease; the next one reads the key and sends its fencing commit, which waits.
    old.pause();
    Hold fence = sim.hold(r -> r.process() != old && r.bucket().equals(assign) && r.operation().equals("PUT"));
    strategy.turn(); // the new leader will want the partitions elsewhere again
    sim.await("the new leader's fencing commit is on the wire", () -> fence.size() == 1, options.getElectionTimeout().multipliedBy(2));

    // The old leader's grant lands first, and its new owners start; then the fencing commit meets the conflict.
    oldCommit.release();
    sim.runFor(Duration.ofMillis(20));
    fence.release();
    sim.runFor(Duration.ofSeconds(3));
    old.resume();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
