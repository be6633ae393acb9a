package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by ClusterIT (a NATS node killed): the leader's heartbeat watch was out for longer than the death bound,
 * and the first thing it delivered again was the leader's own latest beat. Judged against it, a worker whose beats
 * the same outage held back looked silent for the whole outage and was declared dead while it ran; its partitions
 * started elsewhere. A pause of the watch itself is now credited to every session, as at a takeover.
 */
class WatchGapTest {

  @Test
  void aWorkerIsNotDeclaredDeadForTheSilenceOfTheLeadersOwnWatch() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess worker = Scripted.follower(sim);
    int runs = sim.runs().all().size();

    // The leader's watches stall past the death bound; the worker's beats are held on the wire meanwhile (it is
    // reconnecting) and land shortly after the leader's watch is back.
    Hold beats = sim.hold(r -> r.process() == worker && r.bucket().equals(sim.options().heartbeatBucket()));
    Duration stall = Timings.detectionBound(options).plusSeconds(1);
    leader.stallWatches(stall.toNanos());
    sim.runFor(stall.plusMillis(300));
    beats.release();
    sim.runFor(Duration.ofSeconds(3));

    assertThat(sim.runs().all()).as("runs: nothing moved, nobody was declared dead").hasSize(runs);
    Scripted.assertNoViolations(sim);
  }
}
