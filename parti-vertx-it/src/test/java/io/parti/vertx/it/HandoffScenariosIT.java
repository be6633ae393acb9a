package io.parti.vertx.it;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.parti.vertx.testkit.NatsServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off's promise, checked by the ownership recorder over whole scenarios (64 partitions, fast
 * preset, each with three seeds that change the ring and the order of events): no partition ever runs on
 * two workers at once, every partition runs at the end, owner epochs strictly increase, and every state
 * transition taken is in the table.
 */
class HandoffScenariosIT extends FleetTest {

  private static final PartiOptions FAST = PartiOptions.fast();
  private static final int PARTITIONS = 64;
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void scaleUpFromOneToFive(long seed, NatsServer nats) throws Exception {
    try (Fleet fleet = fleet(seed)) {
      fleet.start(nats.url());
      Random random = new Random(seed);
      for (int i = 0; i < 4; i++) {
        fleet.startAsync(nats.url(), FAST);
        pause(random);
      }
      assertInvariants(fleet, 5);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void gracefulScaleDownFromFiveToOne(long seed, NatsServer nats) throws Exception {
    try (Fleet fleet = fleet(seed)) {
      startSettled(fleet, nats, 5);
      Random random = new Random(seed);
      for (int i = 0; i < 4; i++) {
        List<Fleet.Worker> live = live(fleet);
        live.get(random.nextInt(live.size())).stop();
      }
      assertInvariants(fleet, 1);
      assertNoEmergency(fleet);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void rollingRestartOfFiveWorkersNeedsNoEmergency(long seed, NatsServer nats) throws Exception {
    try (Fleet fleet = fleet(seed)) {
      startSettled(fleet, nats, 5);
      for (Fleet.Worker worker : live(fleet)) {
        worker.stop();
        fleet.start(nats.url());
      }
      assertInvariants(fleet, 5);
      assertNoEmergency(fleet);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void crashOfAFollower(long seed, NatsServer nats) throws Exception {
    try (Fleet fleet = fleet(seed)) {
      startSettled(fleet, nats, 5);
      List<Fleet.Worker> followers = live(fleet).stream().filter(w -> !w.coordinator.isLeader()).toList();
      followers.get(new Random(seed).nextInt(followers.size())).crash();
      assertInvariants(fleet, 4);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void crashOfTheLeaderInTheMiddleOfAHandOff(long seed, NatsServer nats) throws Exception {
    try (Fleet fleet = fleet(seed).drainMillis(500)) {
      startSettled(fleet, nats, 4);
      AssignmentLog log = fleet.assignmentLog(nats.url());
      fleet.startAsync(nats.url(), FAST);
      // Crash the leader while some partition is revoked but not yet granted (its drain takes 500 ms).
      fleet.awaitUntil(SETTLE, () -> log.records().stream()
          .anyMatch(record -> record.slots().values().stream().anyMatch(slot -> slot.releasing() != null)));
      assertThat(log.last().slots().values()).anyMatch(slot -> slot.releasing() != null);
      fleet.leader().crash();
      assertInvariants(fleet, 4);
    }
  }

  private static Fleet fleet(long seed) {
    return new Fleet(FAST, PARTITIONS, AssignmentStrategy.consistentHash(64, seed));
  }

  private static void startSettled(Fleet fleet, NatsServer nats, int workers) throws Exception {
    for (int i = 0; i < workers; i++) {
      fleet.startAsync(nats.url(), FAST);
    }
    fleet.awaitUntil(SETTLE, () -> live(fleet).size() == workers && live(fleet).stream().allMatch(w -> w.deploymentId != null)
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds()));
  }

  private static List<Fleet.Worker> live(Fleet fleet) {
    return fleet.workers().stream().filter(w -> !w.gone).toList();
  }

  private static void pause(Random random) throws InterruptedException {
    Thread.sleep(random.nextInt(300)); // lets time pass on purpose: joins land at seeded moments
  }

  private static void assertInvariants(Fleet fleet, int workers) {
    fleet.awaitUntil(SETTLE, () -> live(fleet).stream().allMatch(w -> w.deploymentId != null)
        && fleet.registry.exactlyOnce(fleet.partitionIds(), fleet.liveWorkerIds())
        && fleet.registry.byWorker().size() == Math.min(workers, PARTITIONS));
    assertThat(fleet.registry.overlaps()).as("partitions that ran on two workers at once").isEmpty();
    assertThat(fleet.registry.epochRegressions()).as("owner epochs that did not increase").isEmpty();
    for (JsonObject e : fleet.stateEvents) {
      WorkerState from = WorkerState.valueOf(e.getString("from"));
      WorkerState to = WorkerState.valueOf(e.getString("to"));
      assertThat(from.canMoveTo(to)).as("transition %s -> %s of %s", from, to, e.getString("workerId")).isTrue();
    }
    fleet.workers().forEach(w -> assertThat(w.invalidTransitions()).as("refused transitions of %s", w.id()).isZero());
  }

  private static void assertNoEmergency(Fleet fleet) {
    assertThat(fleet.stateEvents).noneMatch(e -> WorkerState.EMERGENCY.name().equals(e.getString("to")));
  }
}
