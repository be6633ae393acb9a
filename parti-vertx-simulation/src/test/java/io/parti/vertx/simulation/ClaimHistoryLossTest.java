package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ids bucket comes back without its last writes (nats-server 2.9.10 did so after a node kill): an id claimed
 * again lands at a revision below the latest claim of it the leader saw. The leader compares claims to tell a newer
 * session from an older one; unless it sees that the bucket lost the latest claim, the id's new session never holds it
 * and never gets a share (the chaos run's worker that waited for an assignment for 30 s, then failed to deploy).
 */
class ClaimHistoryLossTest {

  @Test
  void anIdClaimedBelowItsLostLatestClaimIsLetIn() {
    // Renewals every 10 s: the writes lost below are the padding and the claim, not the others' renewals.
    PartiOptions options = PartiOptions.fast().setWorkerIdTtl(Duration.ofSeconds(30));
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 3);
    SimServer.Stream ids = sim.server().stream(sim.options().idsBucket());
    SimProcess follower = Scripted.follower(sim);
    String id = follower.coordinator().workerId();
    long before = ids.sequence;
    for (int i = 0; i < 20; i++) {
      ids.write("unrelated", new byte[] {1}, io.parti.vertx.impl.kv.KvEntry.Operation.PUT, -1, null, null);
    }

    // The follower's instance restarts and takes its id back, with a claim above the padding.
    follower.crash();
    SimProcess second = sim.spawn(follower.instance());
    sim.await("the restarted instance holds its id again", () -> id.equals(second.coordinator().workerId()), Duration.ofSeconds(5));
    Scripted.awaitConverged(sim);
    long claim = ids.sequence;

    // It dies, and the bucket loses everything written since the padding began: its claim included.
    second.crash();
    ids.loseWritesAfter(before);
    SimProcess third = sim.spawn(follower.instance());
    sim.await("the instance claims its id again", () -> id.equals(third.coordinator().workerId()), Duration.ofSeconds(5));
    assertThat(ids.current(id).entry.revision()).as("the new claim, below the one lost").isLessThan(claim);

    Scripted.awaitConverged(sim);
    sim.await("the new session runs a share", () -> !third.coordinator().assignment().isEmpty(), Duration.ofSeconds(5));
    Scripted.assertNoViolations(sim);
  }
}
