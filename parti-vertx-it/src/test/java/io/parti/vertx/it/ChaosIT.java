package io.parti.vertx.it;

import io.parti.vertx.it.chaos.ChaosReport;
import io.parti.vertx.it.chaos.ChaosRun;
import io.parti.vertx.testkit.NatsCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite ({@link ChaosRun}): 5 worker processes, 64 partitions, a 3-node cluster, {@code FENCE}; crashes,
 * graceful restarts, scaling, node kills, cuts and delays one after the other while a producer publishes. Nothing
 * runs twice, nothing published is lost, every duplicate is explained by a fault that lost an ack (within its bound),
 * and the fleet converges after every fault. 60 s by default; {@code -Pchaos} runs it alone for 5 minutes
 * ({@code -Dchaos.duration=PT10M} for another length); a failure names the seed, and {@code -Dchaos.seed=...}
 * replays its schedule of faults.
 */
class ChaosIT extends ClusterTest {

  @Test
  void faultsLoseNothingAndRunNothingTwice(NatsCluster cluster) throws Exception {
    ChaosRun.Settings settings = ChaosRun.Settings.fromSystemProperties(Duration.ofSeconds(60));
    System.out.println("chaos run, replay with " + settings.replay()); // in the test's output file
    ChaosReport report;
    try {
      report = ChaosRun.run(cluster, settings);
    } catch (Exception | AssertionError e) {
      throw new AssertionError("chaos run failed; replay with " + settings.replay(), e);
    }
    System.out.println(report.summary());
    assertThat(report.problems()).as("broken guarantees; replay with %s\n%s", settings.replay(), report.summary()).isEmpty();
    assertThat(report.faults().values().stream().mapToInt(Integer::intValue).sum()).as("faults injected").isPositive();
  }
}
