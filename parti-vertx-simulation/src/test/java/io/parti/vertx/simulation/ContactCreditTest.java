package io.parti.vertx.simulation;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.Timings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by QuorumLossIT: after a JetStream cluster lost and regained its quorum, a new leader took over as soon as its
 * own writes landed again, credited a worker it knew only from the record (its heartbeat key had expired in the outage)
 * with the takeover credit, and declared it dead when its beats landed 1.4 s into the term: the cluster was still
 * settling, and that worker's writes came through later than the leader's. Silence from before the leader's own
 * contact came back proves nothing (what cut the leader off likely cut everyone off), so every worker now gets a whole
 * death bound from then, whether the leader knows it from the record or from its last heartbeat.
 */
class ContactCreditTest {

  private static final PartiOptions OPTIONS = new PartiOptions(PartiOptions.fast()).setDegradedPolicy(DegradedPolicy.KEEP_RUNNING);

  /** The heartbeat keys expire in the outage: the late worker is known from the record, as an expected session. */
  @Test
  void aWorkerKnownFromTheRecordWhoseBeatsLandWithinTheBoundOfTheLeadersReturnIsNotDeclaredDead() {
    lateWorkerIsNotDeclaredDead(OPTIONS, OPTIONS.getWorkerIdTtl().multipliedBy(2));
  }

  /**
   * The heartbeat keys outlive the outage: the new leader's replay shows the late worker's last beat, from before it,
   * and credits its age.
   */
  @Test
  void aWorkerKnownFromItsLastBeatWhoseBeatsLandWithinTheBoundOfTheLeadersReturnIsNotDeclaredDead() {
    PartiOptions lastingKeys = new PartiOptions(OPTIONS).setHeartbeatTtl(Duration.ofSeconds(4)).setWorkerIdTtl(Duration.ofSeconds(8));
    lateWorkerIsNotDeclaredDead(lastingKeys, Duration.ofMillis(2600));
  }

  /**
   * No new term: the leader itself is cut off for a moment (less than its lease) inside a worker's longer cut. The worker
   * is silent for more than the death bound, but not for a death bound of the leader's own contact, and what cut the
   * leader off may well have held it back too (QuorumLossIT saw the leader flap for 339 ms after taking over).
   */
  @Test
  void theLeadersOwnOutageIsNotCountedAsAWorkersSilence() {
    Simulation sim = Scripted.fleet(OPTIONS, 8);
    Scripted.start(sim, 3);
    SimProcess leader = Scripted.leader(sim);
    SimProcess worker = Scripted.follower(sim);
    int runs = sim.runs().all().size();
    Duration bound = Timings.detectionBound(OPTIONS);
    Duration leaderOut = Duration.ofMillis(600); // well under the gap after which the watch itself counts as out

    worker.cut(0);
    sim.runFor(Duration.ofMillis(200));
    leader.cut(0);
    sim.runFor(leaderOut);
    leader.heal(0);
    // The worker comes back after more than the bound in all, but well within it of the leader's own contact.
    sim.runFor(bound.minus(leaderOut).minus(Duration.ofMillis(200)).plus(leaderOut.dividedBy(2)));
    worker.heal(0);
    sim.runFor(bound.multipliedBy(2));

    assertThat(leader.coordinator().isLeader()).as("the leader kept its term").isTrue();
    assertThat(sim.runs().all().subList(runs, sim.runs().all().size())).as("runs started since the cuts; trace:\n%s",
        String.join("\n", sim.trace())).isEmpty();
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }

  private static void lateWorkerIsNotDeclaredDead(PartiOptions options, Duration outage) {
    Simulation sim = Scripted.fleet(options, 8);
    Scripted.start(sim, 3);
    SimProcess late = Scripted.follower(sim);
    List<SimProcess> early = sim.live().stream().filter(p -> p != late).collect(Collectors.toList());
    int runs = sim.runs().all().size();

    // The whole fleet cut off past the leader's lease; then all but one come back, and the last one's beats land later
    // than the shortest silence a leader acts on, but within a death bound of the others' return.
    sim.live().forEach(p -> p.cut(0));
    sim.runFor(outage);
    early.forEach(p -> p.heal(0));
    sim.await("a leader among those back", () -> early.stream().anyMatch(p -> p.coordinator().isLeader()), Duration.ofSeconds(3));
    sim.runFor(Timings.minimumSilence(options).plus(Timings.detectionBound(options)).dividedBy(2));
    late.heal(0);
    sim.runFor(Timings.detectionBound(options).multipliedBy(2));

    assertThat(sim.runs().all().subList(runs, sim.runs().all().size())).as("runs started since the outage; trace:\n%s",
        String.join("\n", sim.trace())).isEmpty();
    Scripted.awaitConverged(sim);
    Scripted.assertNoViolations(sim);
  }
}
