package io.parti.vertx.simulation;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim attempt can land long after its claimer walked on: a create that went unanswered, retried, met the id's
 * holder and took the next id, while the first try still waited somewhere (a stalled connection, or a replica
 * replaying its log after a restart, as nats-server 2.9 does). It lands only when the key is free, so when the holder's
 * lease lapsed in an outage under {@code KEEP_RUNNING}. The holder, back in contact, finds its id held by a lease of a
 * session that holds another id: nobody renews it, so it waits for it to expire and keeps its session, rather than
 * self-fencing for a holder that does not exist (QuorumLossIT saw it on a 3-node cluster).
 */
class OrphanClaimTest {

  private static final PartiOptions OPTIONS = new PartiOptions(PartiOptions.fast()).setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);
  private static final String ORPHAN_WARNING = "worker id worker-0 is held by a claim attempt";

  @Test
  void aClaimAttemptThatLandsAfterAnOutageDoesNotTakeTheIdFromItsHolder() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 2);
    SimProcess holder = Scripted.holderOf(sim, "worker-0");
    String ids = sim.options().idsBucket();

    // The third process' first try at worker-0 stays on the wire; its retry meets worker-0's holder and walks on.
    AtomicBoolean first = new AtomicBoolean(true);
    Hold stalled = sim.hold(r -> r.bucket().equals(ids) && r.key().equals("worker-0") && r.operation().equals("PUT")
        && !r.process().equals(holder) && first.getAndSet(false));
    SimProcess third = sim.spawn("i2");
    Scripted.awaitConverged(sim);
    assertThat(third.coordinator().workerId()).isEqualTo("worker-2");
    assertThat(stalled.size()).isEqualTo(1);
    String session = holder.session();

    cutAllPastTheirLeases(sim);
    assertThat(sim.server().stream(ids).current("worker-0")).as("worker-0 expired").satisfiesAnyOf(
        stored -> assertThat(stored).isNull(), stored -> assertThat(stored.entry.isRemoval()).isTrue());
    stalled.release(); // lands on the free key
    sim.runFor(Duration.ofMillis(100));
    sim.live().forEach(p -> p.heal(0));

    sim.await("worker-0 is written again by its holder", () -> {
      SimServer.Stored stored = sim.server().stream(ids).current("worker-0");
      return stored != null && !stored.entry.isRemoval()
          && io.parti.vertx.impl.protocol.Lease.decode(stored.entry.value()).session().equals(session);
    }, OPTIONS.getWorkerIdTtl().multipliedBy(3));
    assertThat(holder.session()).as("the holder kept its session").isEqualTo(session);
    assertThat(holder.coordinator().workerId()).isEqualTo("worker-0");
    assertThat(sim.trace()).filteredOn(l -> l.contains(ORPHAN_WARNING)).singleElement().asString()
        .contains("session " + third.session() + ", which holds worker-2");
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  /**
   * The other side of the rule: a worker out of contact past its lease under {@code KEEP_RUNNING}, whose id a new
   * process claimed meanwhile, finds a lease of a session its assignment does not name. That holder may be real, so it
   * gives the id up (and joins under another) rather than wait for a lease that may be renewed. (The holder's reads
   * and watches of the assignment are held back, so that it meets the newcomer's lease before any record naming it.)
   */
  @Test
  void aLapsedHolderGivesItsIdUpToASessionItDoesNotKnow() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 2);
    SimProcess holder = Scripted.holderOf(sim, "worker-0");
    String session = holder.session();

    cutAllPastTheirLeases(sim);
    SimProcess newcomer = sim.spawn("i2");
    sim.await("the newcomer holds worker-0", () -> "worker-0".equals(newcomer.coordinator().workerId()), Duration.ofSeconds(3));
    String newcomerSession = newcomer.session();
    String assignments = sim.options().assignmentBucket();
    Hold unread = sim.hold(r -> r.process() == holder && r.bucket().equals(assignments));
    holder.stallWatches(OPTIONS.getWorkerIdTtl().toNanos());
    holder.heal(0);

    sim.await("the lapsed holder gives worker-0 up", () -> !session.equals(holder.session()), OPTIONS.getWorkerIdTtl());
    unread.release();
    assertThat(sim.trace()).as("the newcomer's lease was never taken for an orphan").noneMatch(l -> l.contains(ORPHAN_WARNING));
    assertThat(newcomer.session()).as("the newcomer keeps its claim").isEqualTo(newcomerSession);
    assertThat(newcomer.coordinator().workerId()).isEqualTo("worker-0");
  }

  /** All of NATS out of reach for two id leases: every id key expires. */
  private static void cutAllPastTheirLeases(Simulation sim) {
    sim.live().forEach(p -> p.cut(0));
    sim.runFor(OPTIONS.getWorkerIdTtl().multipliedBy(2));
  }
}
