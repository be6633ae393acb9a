package io.parti.vertx.simulation;

import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment that no assignment reaches fails after {@code joinTimeout} and leaves nothing behind. */
class JoinTimeoutTest {

  @Test
  void aWorkerThatNoCommitReachesFailsItsDeploymentAndReleasesItsId() {
    PartiOptions options = PartiOptions.fast().setJoinTimeout(Duration.ofSeconds(3));
    Simulation sim = Scripted.fleet(options, 4);
    // Every commit of the assignment waits on the wire for good: no leader can ever grant anything.
    Hold commits = sim.hold(r -> r.bucket().equals(sim.options().assignmentBucket()) && r.operation().equals("PUT"));
    SimProcess worker = sim.spawn("i0");

    sim.await("the deployment ends", () -> worker.started().isComplete(), options.getJoinTimeout().plusSeconds(2));
    assertThat(worker.started().cause()).isInstanceOf(PartiException.Timeout.class)
        .hasMessageContaining("no assignment including worker-0").hasMessageContaining("joinTimeout");
    sim.await("the id is free again", () -> sim.server().stream(sim.options().idsBucket()).current("worker-0") == null
        || sim.server().stream(sim.options().idsBucket()).current("worker-0").entry.isRemoval(), Duration.ofSeconds(1));
    assertThat(commits.size()).isPositive();
  }
}
