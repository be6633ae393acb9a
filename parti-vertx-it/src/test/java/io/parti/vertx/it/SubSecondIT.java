package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sub-second preset on a real nats-server: a crashed leader is deposed within the death bound, long before its
 * 1.5 s lease could expire, and a worker joining alone gets partitions without waiting for the planned-scale window.
 */
class SubSecondIT extends FleetTest {

  private static final PartiOptions SUB_SECOND = PartiOptions.subSecond();

  @Test
  void aCrashedLeaderIsDeposedLongBeforeItsLeaseCouldExpire(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(SUB_SECOND, 16)) {
      fleet.startSettled(3, nats.url(), SUB_SECOND, Duration.ofSeconds(20));
      Fleet.Worker leader = fleet.leader();

      long crashed = System.nanoTime();
      leader.crash();
      fleet.awaitUntil(Duration.ofSeconds(10), Duration.ofMillis(5), () -> fleet.leader() != null);

      // The death bound (500 ms) after the last renewal seen, plus a campaign; the lease is 1.5 s.
      assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("leader failover").isLessThan(Duration.ofMillis(1000));
      fleet.awaitUntil(Duration.ofSeconds(5), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }

  @Test
  void aWorkerJoiningAloneIsServedWithoutTheWindow(NatsServer nats) throws Exception {
    PartiOptions longWindows = new PartiOptions(SUB_SECOND).setPlannedScaleWindow(Duration.ofSeconds(3))
        .setColdStartWindow(Duration.ofSeconds(3));
    try (Fleet fleet = new Fleet(longWindows, 16)) {
      fleet.startSettled(2, nats.url(), longWindows, Duration.ofSeconds(20));
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.byWorker().size() == 2);

      Fleet.Worker joiner = fleet.start(nats.url());
      fleet.awaitUntil(Duration.ofMillis(1500), () -> fleet.registry.byWorker().containsKey(joiner.id()));
      fleet.awaitUntil(Duration.ofSeconds(5), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
      assertThat(fleet.registry.overlaps()).isEmpty();
    }
  }
}
