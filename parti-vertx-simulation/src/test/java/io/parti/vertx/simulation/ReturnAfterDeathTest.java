package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by seed 1003882: with degraded fencing, a worker that stood still long enough to be declared dead paused its
 * partitions when it ran again, and resumed them once its heartbeats landed, from the record stored then. The
 * leader's commit giving them away was still on the wire; when it landed, they ran on two workers. A worker out of
 * contact for longer than the shortest silence a leader acts on now joins anew instead of resuming.
 */
class ReturnAfterDeathTest {

  @Test
  void aWorkerBackFromLongerThanTheDeathBoundDoesNotResumeWhatItRan() {
    // An id lease long enough to outlast the pause: the worker comes back holding its id, as in the seed.
    PartiOptions options = PartiOptions.fast().setDegradedFencing(true).setWorkerIdTtl(Duration.ofSeconds(10));
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess returning = Scripted.follower(sim);
    String session = returning.coordinator().sessionId();
    AtomicBoolean first = new AtomicBoolean(true);
    Hold deathCommit = sim.hold(r -> r.process() == leader && r.bucket().equals(sim.options().assignmentBucket())
        && r.operation().equals("PUT") && first.getAndSet(false));

    returning.pause();
    sim.await("the leader's commit declaring the worker dead is on the wire", () -> deathCommit.size() == 1,
        Duration.ofSeconds(5));
    returning.resume();
    // Its heartbeats land again within a few of its watchdog's checks (before the fix, it resumed then), and the
    // leader is still waiting for its commit to be answered: nothing else was written meanwhile.
    sim.runFor(Duration.ofMillis(300));
    assertThat(deathCommit.size()).isEqualTo(1);
    deathCommit.release();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
    assertThat(returning.coordinator().sessionId()).as("the returning worker's session").isNotEqualTo(session);
  }
}
