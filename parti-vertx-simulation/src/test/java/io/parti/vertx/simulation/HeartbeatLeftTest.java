package io.parti.vertx.simulation;

import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Found by seed 3024048: every session of a worker id writes the same heartbeat key, and a session ending deleted
 * it. A leader that missed the ending session's last beat (its watch reset after a disconnection) took the delete
 * for the departure of the session it had seen last, the id's live holder, and gave that holder's partitions away
 * while they ran. A session now ends with a heartbeat that names it.
 */
class HeartbeatLeftTest {

  @Test
  void theEndOfAnOldSessionIsNotTakenForTheLeaveOfTheIdsHolder() {
    PartiOptions options = PartiOptions.fast();
    Simulation sim = Scripted.fleet(options, 12);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess old = Scripted.follower(sim);
    String id = old.coordinator().workerId();

    // The old session stands still until its id expires, and a new process takes the id over.
    old.pause();
    SimServer.Stream ids = sim.server().stream(sim.options().idsBucket());
    sim.await("the old session's id expired", () -> ids.current(id) == null || ids.current(id).expired,
        options.getWorkerIdTtl().multipliedBy(2));
    SimProcess holder = sim.spawn("i9");
    sim.await("the new process holds the id and runs its share", () -> id.equals(holder.coordinator().workerId())
        && !holder.coordinator().assignment().isEmpty() && !Scripted.releasing(sim), Duration.ofSeconds(5));

    // The old session runs once more and ends, while the leader is disconnected and the holder's beats are slow:
    // when the leader's watch starts again, the old session's end is the latest entry of the key.
    leader.cut(0);
    Hold holderBeats = sim.hold(r -> r.process() == holder && r.bucket().equals(sim.options().heartbeatBucket()));
    old.resume();
    sim.await("the old session ended", () -> old.coordinator().workerId() == null || !id.equals(old.coordinator().workerId()),
        Duration.ofSeconds(2));
    sim.runFor(Duration.ofMillis(100));
    leader.heal(100_000_000L);
    // Long enough for the leader to act on what its watch told it, short of the silence that excuses anything.
    sim.runFor(Duration.ofMillis(800));
    holderBeats.release();

    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
