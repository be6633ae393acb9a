package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by seed 6001686: a deposed leader campaigned again with the nonce of its first term. Its create conflicted,
 * and the read-back was answered by a replica still holding that first term's value: the nonce matched, so it took
 * the old term for a new one and led with the old epoch beside the real leader (the deadline check meant to catch an
 * adopted lease overflowed on its unknown landing time). With the record purged it then committed, under an epoch
 * below one that had already landed. Each campaign now has a nonce of its own, and a create that conflicts is lost
 * without reading the holder at all (a campaign never takes a key over); the one read left, the create's own look for
 * a delete marker to write over, is the one answered stale here.
 */
class LeaderCampaignTest {

  @Test
  void aStaleReadOfAnEarlierTermIsNotTakenForThisCampaignsWin() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 4);
    Scripted.start(sim, 3);
    SimProcess old = Scripted.leader(sim);
    long firstTerm = sim.now();
    String assign = sim.options().assignmentBucket();

    old.pause();
    sim.await("another leader", () -> sim.live().stream().anyMatch(p -> p != old && p.coordinator().isLeader()),
        options.getElectionTimeout().multipliedBy(3));
    SimProcess current = sim.live().stream().filter(p -> p != old && p.coordinator().isLeader()).findFirst().orElseThrow();
    old.resume();
    sim.await("the old leader knows it was deposed", () -> !old.coordinator().isLeader(), options.getElectionTimeout());
    sim.runFor(options.getOperationTimeout().multipliedBy(2)); // its last renewal's read-back is answered by now

    // The record disappears and the current leader's write-back waits on the wire; the old one's next campaign
    // conflicts, and the create's read (is the key a delete marker?) comes from a replica that still shows the old
    // one's first term. (It campaigns once its watch has shown no write of the leader key for a time to live: here the
    // watch stalls.)
    old.stallWatches(options.getElectionTimeout().multipliedBy(3).toNanos());
    Hold writeBack = sim.hold(r -> r.process() == current && r.bucket().equals(assign) && r.operation().equals("PUT"));
    sim.server().stream(assign).write("assignment", new byte[0], KvEntry.Operation.PURGE, -1, null, null);
    sim.faults().nextStaleRead(r -> r.process() == old && r.bucket().equals(sim.options().leaderBucket())
        && r.operation().equals("GET"), firstTerm);
    sim.await("the campaign's read was answered", () -> !sim.faults().scriptedPending(), options.getElectionTimeout().multipliedBy(2));
    sim.runFor(Duration.ofMillis(500));
    assertThat(old.coordinator().isLeader()).as("the old leader leads again").isFalse();

    writeBack.release();
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
