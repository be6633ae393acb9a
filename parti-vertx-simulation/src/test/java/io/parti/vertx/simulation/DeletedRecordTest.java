package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole g: a deleted or purged assignment key wedged the group (every commit conflicted with the delete marker), an
 * unreadable record led to grants without receipts, and a new leader could reuse versions workers had applied.
 */
class DeletedRecordTest {

  @Test
  void aDeletedRecordIsWrittenBackAndTheGroupKeepsWorking() {
    recovers(KvEntry.Operation.DELETE);
  }

  @Test
  void aPurgedRecordIsWrittenBackAndTheGroupKeepsWorking() {
    recovers(KvEntry.Operation.PURGE);
  }

  private static void recovers(KvEntry.Operation operator) {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 12);
    Scripted.start(sim, 2);
    int runs = sim.runs().all().size();

    operator(sim, operator, new byte[0]);
    sim.await("the record is back", () -> Histories.converged(sim) == null, Duration.ofSeconds(2));
    assertThat(sim.runs().all()).as("the leader wrote back what it knew: nothing restarted").hasSize(runs);

    SimProcess joined = sim.spawn("i9"); // and the group still moves partitions
    sim.await("the new worker gets its share", () -> joined.coordinator().assignment().size() == 4, Duration.ofSeconds(5));
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim); // versions above everything applied, epochs rising
  }

  /** A record nobody can read, found by a new leader: it grants nothing until every worker stopped what it ran. */
  @Test
  void anUnreadableRecordFoundByANewLeaderLeadsToNoGrantWithoutReceipts() {
    PartiOptions options = PartiOptions.fast();
    Rotating strategy = new Rotating();
    Simulation sim = Scripted.fleet(options, 12, () -> strategy);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    operator(sim, KvEntry.Operation.PUT, "not an assignment".getBytes(StandardCharsets.UTF_8));
    sim.crash(leader);

    // The new leader wants every partition elsewhere, and a worker that learns late of its first record still runs
    // its partitions meanwhile.
    strategy.turn();
    strategy.turn(); // (one turn would hand the stalled worker's partitions to the crashed one)
    sim.await("a new leader", () -> sim.live().stream().anyMatch(p -> p.coordinator().isLeader()), options.getElectionTimeout().multipliedBy(2));
    Scripted.follower(sim).stallWatches(Duration.ofSeconds(1).toNanos());
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
    assertThat(sim.trace()).anyMatch(line -> line.contains("granting nothing until every live worker applied"));
  }

  /**
   * Found by seed 3008980: a purge that the leader's follower reported while a commit's answer was still on its way
   * was forgotten when the answer came (the commit had landed before the purge), and the record stayed gone.
   */
  @Test
  void aRecordPurgedJustAfterACommitLandedIsWrittenBack() {
    Simulation sim = Scripted.fleet(PartiOptions.fast(), 12);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimServer.Stream assignments = sim.server().stream(sim.options().assignmentBucket());
    long before = assignments.current("assignment").entry.revision();
    sim.faults().next(r -> r.process() == leader && r.bucket().equals(sim.options().assignmentBucket()) && r.operation().equals("PUT"),
        Faults.Fate.SLOW);

    sim.crash(Scripted.follower(sim)); // one commit follows, once the leader declares it dead; its answer is slow
    sim.await("the leader's commit landed", () -> assignments.current("assignment").entry.revision() > before, Duration.ofSeconds(5));
    operator(sim, KvEntry.Operation.PURGE, new byte[0]);

    Scripted.awaitConverged(sim); // which includes: the stored record is the one every worker applied
    Scripted.assertNoViolations(sim);
  }

  private static void operator(Simulation sim, KvEntry.Operation operation, byte[] value) {
    sim.server().stream(sim.options().assignmentBucket()).write("assignment", value, operation, -1, null, null);
  }
}
