package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Hole e: after degraded fencing, the worker re-read the assignment with a direct get, and a lagging replica could
 * answer with a record older than the newest one its watch had delivered: it applied it, and started partitions
 * that had moved meanwhile.
 */
class ResumeTest {

  @Test
  void aResumeNeverAppliesARecordOlderThanOneAlreadySeen() {
    // An id lease long enough that the cut-off worker keeps its id while the leader moves its partitions.
    PartiOptions options = PartiOptions.fast().setDegradedFencing(true).setWorkerIdTtl(Duration.ofSeconds(10));
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 2);
    SimProcess worker = Scripted.follower(sim);

    long cut = sim.now();
    worker.cut(Duration.ofSeconds(5).toNanos()); // silent: the connection does not notice
    sim.await("the worker fenced itself", () -> sim.trace().stream().anyMatch(l -> l.contains("pausing its partitions")),
        options.getHeartbeatTtl());
    sim.await("its partitions moved", () -> Scripted.leader(sim).coordinator().assignment().size() == 8, Duration.ofSeconds(2));

    // The link comes back before the worker's id lease ends: its watch delivers the new records, and its re-read is
    // answered by a replica still at the time of the cut, when the worker still owned its partitions.
    sim.faults().nextStaleRead(r -> r.process() == worker && r.bucket().equals(sim.options().assignmentBucket())
        && r.operation().equals("GET"), cut);
    worker.heal(250_000_000L);
    sim.runFor(Duration.ofSeconds(3));

    Scripted.assertNoViolations(sim);
    Scripted.awaitConverged(sim);
  }
}
