package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole b: a new session of a worker id was taken as the old session's release receipt, and its partitions were
 * granted anew at once, while the old holder still ran them. And two live processes with one instance id took the
 * id from each other forever.
 */
class SessionHandoverTest {

  /**
   * A second live process with the instance id of a running one takes over its worker id. The old session keeps
   * running its partitions until it applied their revocation or gave the id up; only then does the new one get them.
   */
  @Test
  void aDuplicateInstanceGetsTheIdsPartitionsOnlyOnceTheOldSessionLetThemGo() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 12);
    Scripted.start(sim, 3);
    SimProcess original = Scripted.follower(sim);
    String id = original.coordinator().workerId();

    // The old holder learns of new assignments late (its watch lags), while its heartbeats land as ever.
    original.stallWatches(Duration.ofMillis(800).toNanos());
    SimProcess twin = sim.spawn(original.instance());
    sim.await("the twin holds " + id, () -> id.equals(twin.coordinator().workerId()), Duration.ofSeconds(5));
    Scripted.awaitConverged(sim);
    sim.runFor(Duration.ofSeconds(10));

    Scripted.assertNoViolations(sim);
    assertThat(original.coordinator().workerId()).as("the older process joined under another id").isNotEqualTo(id).isNotNull();
    assertThat(twin.coordinator().workerId()).as("the newer one keeps the id: no ping-pong").isEqualTo(id);
    assertThat(sim.trace()).anyMatch(line -> line.contains("two processes must not share an instanceId"));
  }

  /** Two processes that share an instance id do not take the id back and forth: each settles on one id. */
  @Test
  void twoLiveProcessesWithOneInstanceIdSettleOnTwoIds() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 8);
    Scripted.start(sim, 2);
    SimProcess original = Scripted.follower(sim);
    SimProcess twin = sim.spawn(original.instance());
    Scripted.awaitConverged(sim);

    Set<String> sessionsBefore = new TreeSet<>(Set.of(original.session(), twin.session()));
    sim.runFor(Duration.ofSeconds(20));

    Scripted.assertNoViolations(sim);
    assertThat(Set.of(original.session(), twin.session())).as("no new claims once settled").isEqualTo(sessionsBefore);
    assertThat(original.coordinator().workerId()).isNotEqualTo(twin.coordinator().workerId());
  }

  /**
   * Found by seeds 6019211 and 6008588: a cut-off worker's id was taken over by a second process with its instance id,
   * whose heartbeats overwrote its key; then the leader fell and the record was deleted. The new leader's view
   * showed no trace of the old session, so the barrier before its first grant did not wait for it, and its partitions
   * went to the new session while the cut-off one still ran them. The new session now names the session it took the
   * id from, and a leader counts that one until it is silent for the bound.
   */
  @Test
  void aSessionWhoseIdWasTakenOverStillCountsForALeaderThatNeverSawIt() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess original = Scripted.follower(sim);
    String id = original.coordinator().workerId();

    // The leader dies, and nobody can take its place until its lease has ended and the worker's twin joined.
    String leaderBucket = sim.options().leaderBucket();
    SimProcess other = sim.live().stream().filter(p -> p != leader && p != original).findFirst().orElseThrow();
    Hold campaigns = sim.hold(r -> r.bucket().equals(leaderBucket) && (r.process() == original || r.process() == other));
    sim.crash(leader);
    sim.await("the leader key expired", () -> sim.server().stream(leaderBucket).current("leader") == null,
        options.getElectionTimeout().multipliedBy(2));
    original.cut(Duration.ofSeconds(10).toNanos()); // a silent partition: it runs on, unaware
    sim.server().stream(sim.options().assignmentBucket()).write("assignment", new byte[0],
        io.parti.vertx.impl.kv.KvEntry.Operation.DELETE, -1, null, null);
    SimProcess twin = sim.spawn(original.instance());
    sim.await("the twin leads under the id", () -> id.equals(twin.coordinator().workerId()) && twin.coordinator().isLeader(),
        options.getElectionTimeout());
    campaigns.release();
    sim.runFor(options.getWorkerIdTtl()); // the new leader grants; the cut-off one has given the id up by now
    original.heal(0);

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
