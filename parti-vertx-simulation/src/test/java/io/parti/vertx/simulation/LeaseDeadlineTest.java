package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Hole d: when a renewal whose answer was lost was found to have landed (adopted by the next renewal's read-back),
 * the lease deadline was computed from that later renewal's send: a worker could act on its id up to a third of
 * the TTL past the lease's real end.
 */
class LeaseDeadlineTest {

  @Test
  void anAdoptedRenewalCountsFromItsOwnSendNotFromTheReadBack() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 4);
    Scripted.start(sim, 2);
    SimProcess worker = Scripted.follower(sim);
    String ids = sim.options().idsBucket();

    // Its next renewal lands, but the answer is lost; the retry finds it by reading the key back, 0.7 s after it was sent.
    sim.faults().next(r -> r.process() == worker && r.bucket().equals(ids) && r.operation().equals("PUT"), Faults.Fate.REPLY_LOST);
    sim.await("the renewal whose answer is lost was sent", () -> !sim.faults().scriptedPending(), options.getWorkerIdTtl());
    long landed = sim.now();
    sim.runUntil(landed + options.getOperationTimeout().plusMillis(100).toNanos());

    // Then nothing of it lands any more. Just after the key expired (and before a lease counted from the retry's
    // send would end), a newcomer claims the id.
    worker.cut(Duration.ofSeconds(10).toNanos());
    sim.runUntil(landed + options.getWorkerIdTtl().plusMillis(20).toNanos());
    sim.spawn("newcomer");
    sim.runFor(Duration.ofSeconds(2));

    Scripted.assertNoViolations(sim); // no two live sessions hold one id past the older one's lease
  }

  /**
   * Found by seed 4003590: a renewal that got no answer, then a conflict (a twin with the same instance id took the
   * id over), and the read-back was answered by a replica still holding the lease's own older value. Every value of
   * a lease carries its nonce, so the lease took the unanswered renewal for landed and counted its deadline from it,
   * past the lease's real end. A read-back older than the lease's own last write now proves nothing.
   */
  @Test
  void aStaleReadBackOfTheLeasesOwnOldValueIsNotTakenForALandedRenewal() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 4);
    Scripted.start(sim, 2);
    SimProcess worker = Scripted.follower(sim);
    String ids = sim.options().idsBucket();
    long beforeTwin = sim.now();

    // Its next renewal never lands; meanwhile a twin (same instance id) takes the id over. The renewal's retry then
    // conflicts, and its read-back is answered by a replica from before the takeover.
    sim.faults().next(r -> r.process() == worker && r.bucket().equals(ids) && r.operation().equals("PUT"), Faults.Fate.LOST);
    sim.faults().nextStaleRead(r -> r.process() == worker && r.bucket().equals(ids) && r.operation().equals("GET"), beforeTwin);
    sim.spawn(worker.instance());
    sim.await("the read-back was answered", () -> !sim.faults().scriptedPending(), options.getWorkerIdTtl());

    // Its next renewal gets no answer either: only the one after it could tell the lease is gone, and by then a
    // lease that took the lost renewal for landed has outlived its real end.
    sim.faults().next(r -> r.process() == worker && r.bucket().equals(ids) && r.operation().equals("PUT"), Faults.Fate.LOST);
    sim.runFor(options.getWorkerIdTtl().multipliedBy(2));
    Scripted.assertNoViolations(sim);
  }
}

