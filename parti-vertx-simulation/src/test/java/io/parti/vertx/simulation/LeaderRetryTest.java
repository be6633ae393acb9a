package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Hole f: a commit that failed its revision check, followed by a read that failed, left the leader with nothing to
 * retry: in a quiet fleet, the partitions it had revoked were never granted.
 */
class LeaderRetryTest {

  @Test
  void aConflictFollowedByAFailedReadIsRetriedInAQuietFleet() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 12);
    Scripted.start(sim, 2);
    SimProcess leader = Scripted.leader(sim);
    SimProcess joined = sim.spawn("i2");
    // Let the leader's commits through one at a time until the one after its revocations: the grant.
    Hold commits = Scripted.holdNextCommit(sim, leader);
    while (!Scripted.releasing(sim)) {
      commits.release();
      commits = Scripted.holdNextCommit(sim, leader);
    }

    // Someone writes the key meanwhile (its revision moves), and the leader's read after the conflict gets no answer.
    sim.server().stream(sim.options().assignmentBucket())
        .write("assignment", "overwritten".getBytes(StandardCharsets.UTF_8), KvEntry.Operation.PUT, -1, null, null);
    sim.faults().next(r -> r.process() == leader && r.bucket().equals(sim.options().assignmentBucket()) && r.operation().equals("GET"),
        Faults.Fate.LOST);
    commits.release();

    sim.await("the new worker is given its share anyway", () -> joined.coordinator().assignment().size() == 4, Duration.ofSeconds(5));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
