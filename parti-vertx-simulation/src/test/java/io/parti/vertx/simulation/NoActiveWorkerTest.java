package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.strategy.AssignmentStrategy;
import org.junit.jupiter.api.Test;

/**
 * Found by seeds 1002433 and 1004386: with no active worker (the last one leaving), the strategy assigns nothing, and
 * the leader took partitions missing from the target for partitions gone from the list: it dropped them from the
 * record. With the partition list deleted, a later leader learns the partitions from the record, so they were never
 * assigned again. The record keeps every partition, unowned while nobody can take it.
 */
class NoActiveWorkerTest {

  @Test
  void partitionsStayInTheRecordWhileNoWorkerIsActive() {
    Simulation sim = new Simulation(1, PartiOptions.fast().setGroup("sim"), Simulation.Source.KV, 8,
        AssignmentStrategy::stickyBalanced, 0).traced();
    Scripted.start(sim, 1);
    SimProcess last = Scripted.leader(sim);
    sim.server().stream(Simulation.LIST_BUCKET).write(Simulation.LIST_KEY, new byte[0], KvEntry.Operation.DELETE, -1, null, null);

    last.stop();
    sim.await("the last worker left", () -> last.coordinator().stopped(), Scripted.SETTLE);
    sim.spawn("i1");

    Scripted.awaitConverged(sim); // the deleted list's partitions, kept as the record had them, all run
    Scripted.assertNoViolations(sim);
  }
}
