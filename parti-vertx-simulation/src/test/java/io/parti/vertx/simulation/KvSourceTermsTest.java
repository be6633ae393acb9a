package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.strategy.AssignmentStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hole i: the KV partition source kept its state across leader terms. After the list key was deleted, a worker
 * leading for the second time never got a list, and so never rebalanced, not even for a dead worker.
 */
class KvSourceTermsTest {

  @Test
  void aWorkerLeadingAgainAfterTheListWasDeletedStillReassignsADeadWorkersPartitions() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = new Simulation(1, new PartiOptions(options).setGroup("sim"), Simulation.Source.KV, 8,
        AssignmentStrategy::stickyBalanced, 0).traced();
    Scripted.start(sim, 2);
    sim.server().stream(Simulation.LIST_BUCKET).write(Simulation.LIST_KEY, new byte[0], KvEntry.Operation.DELETE, -1, null, null);
    sim.runFor(Duration.ofMillis(200));

    // The leader loses its lease (its renewals stop landing) and the other worker leads ...
    SimProcess first = Scripted.leader(sim);
    SimProcess second = Scripted.follower(sim);
    Hold renewals = sim.hold(r -> r.process() == first && r.bucket().equals(sim.options().leaderBucket()));
    sim.await("the other worker leads", () -> second.coordinator().isLeader(), options.getElectionTimeout().multipliedBy(2));
    renewals.release();

    // ... and dies: the first leads a second term, and must give it the dead worker's partitions.
    sim.crash(second);
    sim.await("the first worker runs every partition", () -> first.coordinator().assignment().size() == 8,
        options.getElectionTimeout().plus(options.getHeartbeatTtl()).plus(options.getEmergencyGracePeriod()).plus(Duration.ofSeconds(2)));
    assertThat(first.coordinator().isLeader()).isTrue();
    Scripted.assertNoViolations(sim);
  }
}
