package io.parti.vertx.it;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerIdIT extends FleetTest {

  /** Windows of zero so a deployment completes as soon as the leader has seen the worker. */
  private static PartiOptions quick() {
    return PartiOptions.fast().setColdStartWindow(Duration.ZERO).setPlannedScaleWindow(Duration.ZERO)
        .setRebalanceCooldown(Duration.ZERO);
  }

  @Test
  void fiveWorkersStartedAtOnceGetFiveDistinctLowestIds(NatsServer nats) throws Exception {
    for (int round = 0; round < 20; round++) {
      try (Fleet fleet = new Fleet(quick(), 8)) {
        List<Future<Fleet.Worker>> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          starts.add(fleet.startAsync(nats.url(), quick()));
        }
        Fleet.await(Future.all(starts));
        Set<String> ids = new TreeSet<>();
        fleet.workers().forEach(w -> ids.add(w.id()));
        assertThat(ids).as("round %d", round).containsExactly("worker-0", "worker-1", "worker-2", "worker-3", "worker-4");
      }
    }
  }

  /**
   * Without an instanceId no held id can be this process's own, so a claim walking up past held ids does not read who
   * holds them: workers started together each walk past all the ids claimed before them, and the read was a third
   * round trip per id on top of the failed create's two.
   */
  @Test
  void aClaimWithoutInstanceIdDoesNotReadTheHoldersOfTheIdsItWalksPast(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(quick(), 12)) {
      fleet.startSettled(3, nats.url(), quick(), Duration.ofSeconds(20));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      fleet.meterRegistry(meters);

      Fleet.Worker fourth = fleet.start(nats.url());

      assertThat(fourth.id()).isEqualTo("worker-3");
      assertThat(operations(meters, "create")).as("creates: the three ids held and the fourth, free").isGreaterThanOrEqualTo(4);
      assertThat(operations(meters, "get")).as("reads: none (a campaign does not read the leader key's holder either)").isZero();
    }
  }

  private static long operations(SimpleMeterRegistry meters, String operation) {
    return meters.find("parti.kv.operation").tag("operation", operation).timers().stream()
        .mapToLong(Timer::count).sum();
  }

  @Test
  void aStoppedWorkersIdIsFreeAgainAndARestartGetsItBack(NatsServer nats) throws Exception {
    try (Fleet fleet = new Fleet(quick(), 8)) {
      Fleet.Worker w0 = fleet.start(nats.url());
      Fleet.Worker w1 = fleet.start(nats.url());
      Fleet.Worker w2 = fleet.start(nats.url());
      assertThat(List.of(w0.id(), w1.id(), w2.id())).containsExactly("worker-0", "worker-1", "worker-2");

      w1.stop();
      Fleet.Worker restarted = fleet.start(nats.url());
      assertThat(restarted.id()).isEqualTo("worker-1");
    }
  }

  @Test
  void aCrashedWorkerRestartedWithinTheTtlTakesItsIdBackByInstanceId(NatsServer nats) throws Exception {
    // A planned-scale window, so the restarted process sees the old assignment before any rebalance.
    PartiOptions windowed = quick().setPlannedScaleWindow(Duration.ofMillis(800)).setColdStartWindow(Duration.ofMillis(800));
    try (Fleet fleet = new Fleet(windowed, 8)) {
      fleet.start(nats.url());
      Fleet.Worker pod = Fleet.await(fleet.startAsync(nats.url(), new PartiOptions(windowed).setInstanceId("pod-1")));
      assertThat(pod.id()).isEqualTo("worker-1");

      pod.crash();
      // Its lease is still live (TTL 3 s): an anonymous newcomer must not get worker-1 ...
      Fleet.Worker stranger = Fleet.await(fleet.startAsync(nats.url(), windowed));
      assertThat(stranger.id()).isEqualTo("worker-2");
      // ... but the same instance, restarted, takes it back at once.
      long restarted = System.nanoTime();
      Fleet.Worker back = Fleet.await(fleet.startAsync(nats.url(), new PartiOptions(windowed).setInstanceId("pod-1")));
      assertThat(back.id()).isEqualTo("worker-1");

      // The new process never runs a partition under an epoch its predecessor had: the fencing token tells them apart.
      fleet.awaitUntil(Duration.ofSeconds(10), () -> fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
          && fleet.registry.byWorker().containsKey("worker-1"));
      for (OwnershipRegistry.Interval run : fleet.registry.intervals()) {
        if (run.worker().equals("worker-1") && run.start() > restarted) {
          long before = fleet.registry.intervals().stream()
              .filter(old -> old.partition().equals(run.partition()) && old.start() < restarted)
              .mapToLong(OwnershipRegistry.Interval::epoch).max().orElse(0);
          assertThat(run.epoch()).as("epoch of %s after the restart", run.partition()).isGreaterThan(before);
        }
      }
    }
  }

  @Test
  void aDeploymentFindingNoFreeIdFailsNamingTheOptionAndLeavesNothingRunning(NatsServer nats) throws Exception {
    PartiOptions one = quick().setWorkerIdMax(0);
    try (Fleet fleet = new Fleet(one, 4)) {
      Fleet.Worker first = Fleet.await(fleet.startAsync(nats.url(), one));
      Future<Fleet.Worker> second = fleet.startAsync(nats.url(), one);
      fleet.awaitUntil(Duration.ofSeconds(10), second::failed);
      assertThat(second.cause()).hasMessageContaining("no free worker id").hasMessageContaining("workerIdMax");
      assertThat(fleet.registry.byWorker()).containsOnlyKeys(first.id());
      assertThat(fleet.workers().get(1).vertx.deploymentIDs()).isEmpty();
    }
  }
}
