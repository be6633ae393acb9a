package io.parti.vertx.simulation;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found once random histories ran {@code KEEP_RUNNING} (the checker now bounds its overlaps by the worker's contact, not
 * by its lease): a worker whose id lease lapsed in an outage renewed it only at the lapsed pace, a third of its TTL,
 * so for up to that long after NATS answered again it believed it held an id that a newcomer had claimed meanwhile
 * (seconds with the defaults). Once its heartbeats land again it now renews at once, and retries a renewal that fails
 * then at the quick pace: it learns within a round trip or two that the id was taken.
 */
class LapsedRenewalTest {

  private static final PartiOptions OPTIONS = new PartiOptions(PartiOptions.fast()).setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);

  @Test
  void aLapsedHolderLearnsSoonAfterContactReturnsThatItsIdWasTaken() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 2);
    SimProcess holder = Scripted.holderOf(sim, "worker-0");
    String session = holder.session();

    holder.cut(0);
    sim.runFor(OPTIONS.getWorkerIdTtl().multipliedBy(2));
    SimProcess newcomer = sim.spawn("i2");
    sim.await("the newcomer holds worker-0", () -> "worker-0".equals(newcomer.coordinator().workerId()), Duration.ofSeconds(3));
    // The holder's first write of its id key after it is back is lost on the way: it is tried again soon.
    String ids = sim.options().idsBucket();
    sim.faults().next(r -> r.process() == holder && r.bucket().equals(ids), Faults.Fate.LOST);

    long healed = sim.now();
    holder.heal(0);
    sim.await("the holder gives worker-0 up", () -> !session.equals(holder.session()), OPTIONS.getWorkerIdTtl());
    Duration took = Duration.ofNanos(sim.now() - healed);
    // Its heartbeats land within an interval, the lost write times out, and the retry finds the newcomer's lease: well
    // within the third of the TTL the lapsed pace would wait after the lost write.
    Duration bound = OPTIONS.getHeartbeatInterval().multipliedBy(2).plus(OPTIONS.getOperationTimeout()).plusMillis(200);
    assertThat(took).as("from the heal until it gave the id up").isLessThan(bound);
    assertThat(newcomer.coordinator().workerId()).isEqualTo("worker-0");
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
