package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.Slot;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-phase hand-off: examples of each rule, and properties over random fleet histories. */
class HandoffPlannerTest {

  private static final Partition P = Partition.of("orders", "1");
  private static final Partition Q = Partition.of("orders", "2");

  // ---- examples ----

  @Example
  void aPartitionLeavingALiveOwnerIsRevokedFirstThenGrantedOnceReleased() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1));
    Map<Partition, String> target = Map.of(P, "b");

    SortedMap<String, Slot> revoked = HandoffPlanner.plan(current, target, Set.of("a", "b"), Map.of("a", 6L), 7);
    assertThat(revoked.get(P.id())).isEqualTo(Slot.releasing("a", 4, 7, 1));

    SortedMap<String, Slot> waiting = HandoffPlanner.plan(revoked, target, Set.of("a", "b"), Map.of("a", 6L), 8);
    assertThat(waiting).as("a has not applied version 7 yet").isEqualTo(revoked);

    SortedMap<String, Slot> granted = HandoffPlanner.plan(revoked, target, Set.of("a", "b"), Map.of("a", 7L), 8);
    assertThat(granted.get(P.id()).owner()).isEqualTo("b");
    assertThat(granted.get(P.id()).releasing()).isNull();
    assertThat(granted.get(P.id()).epoch()).isGreaterThan(4);
  }

  @Example
  void aDeadOwnersPartitionIsGrantedAtOnce() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1));

    SortedMap<String, Slot> next = HandoffPlanner.plan(current, Map.of(P, "b"), Set.of("b"), Map.of(), 7);

    assertThat(next.get(P.id()).owner()).isEqualTo("b");
    assertThat(next.get(P.id()).epoch()).isGreaterThan(4);
  }

  @Example
  void aWorkerIdHeldByANewSessionGetsItsPartitionsGrantedAnewUnderNewEpochs() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1), Q.id(), Slot.releasing("a", 3, 6, 1));
    Map<Partition, String> target = Map.of(P, "a", Q, "b");

    // Same session: nothing changes for P, and Q waits for a's release receipt.
    SortedMap<String, Slot> same = HandoffPlanner.plan(current, target, Set.of("a", "b"), Map.of("a", 0L), 7, Set.of());
    assertThat(same.get(P.id())).isEqualTo(Slot.owned("a", 4, 1));
    assertThat(same.get(Q.id()).owner()).isNull();

    // A new session holds "a": its predecessor's grants are over. P is granted anew, Q counts as released.
    SortedMap<String, Slot> renewed = HandoffPlanner.plan(current, target, Set.of("a", "b"), Map.of("a", 0L), 7, Set.of("a"));
    assertThat(renewed.get(P.id())).isEqualTo(Slot.owned("a", 7, 1));
    assertThat(renewed.get(Q.id())).isEqualTo(Slot.owned("b", 7, 1));
  }

  @Example
  void aReleasingWorkerThatDiesCountsAsReleased() {
    Map<String, Slot> current = Map.of(P.id(), Slot.releasing("a", 4, 7, 1));

    SortedMap<String, Slot> next = HandoffPlanner.plan(current, Map.of(P, "b"), Set.of("b"), Map.of(), 8);

    assertThat(next.get(P.id()).owner()).isEqualTo("b");
  }

  @Example
  void aPartitionThatDoesNotMoveIsNotTouched() {
    Slot slot = Slot.owned("a", 4, 1);
    Map<String, Slot> current = Map.of(P.id(), slot, Q.id(), Slot.owned("b", 2, 1));

    SortedMap<String, Slot> next = HandoffPlanner.plan(current, Map.of(P, "a", Q, "a"), Set.of("a", "b"), Map.of(), 9);

    assertThat(next.get(P.id())).isSameAs(slot);
    assertThat(next.get(Q.id()).releasing()).isEqualTo("b");
  }

  @Example
  void aWeightChangeKeepsOwnerAndEpoch() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1));

    SortedMap<String, Slot> next = HandoffPlanner.plan(current, Map.of(P.withWeight(3), "a"), Set.of("a"), Map.of(), 9);

    assertThat(next.get(P.id())).isEqualTo(Slot.owned("a", 4, 3));
  }

  @Example
  void aNewPartitionIsGrantedDirectly() {
    SortedMap<String, Slot> next = HandoffPlanner.plan(Map.of(), Map.of(P, "a"), Set.of("a"), Map.of(), 1);

    assertThat(next.get(P.id()).owner()).isEqualTo("a");
    assertThat(next.get(P.id()).epoch()).isPositive();
  }

  @Example
  void aRemovedPartitionIsKeptReleasingUntilItsLiveOwnerAppliedThenDropped() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1));

    SortedMap<String, Slot> revoked = HandoffPlanner.plan(current, Map.of(), Set.of("a"), Map.of("a", 6L), 7);
    assertThat(revoked).containsExactly(Map.entry(P.id(), Slot.releasing("a", 4, 7, 1)));

    assertThat(HandoffPlanner.plan(revoked, Map.of(), Set.of("a"), Map.of("a", 6L), 8)).isEqualTo(revoked);
    assertThat(HandoffPlanner.plan(revoked, Map.of(), Set.of("a"), Map.of("a", 7L), 8)).isEmpty();
  }

  @Example
  void aRemovedPartitionOfADeadOwnerIsDroppedAtOnce() {
    Map<String, Slot> current = Map.of(P.id(), Slot.owned("a", 4, 1), Q.id(), Slot.releasing("a", 2, 5, 1));

    assertThat(HandoffPlanner.plan(current, Map.of(), Set.of("b"), Map.of(), 7)).isEmpty();
  }

  @Example
  void aPartitionReAddedWhileStillReleasingWaitsForTheRelease() {
    Map<String, Slot> removed = HandoffPlanner.plan(Map.of(P.id(), Slot.owned("a", 4, 1)), Map.of(), Set.of("a", "b"), Map.of(), 7);

    SortedMap<String, Slot> readded = HandoffPlanner.plan(removed, Map.of(P, "b"), Set.of("a", "b"), Map.of("a", 6L), 8);

    assertThat(readded.get(P.id())).isEqualTo(Slot.releasing("a", 4, 7, 1));
  }

  /** The owner epoch is a fencing token: it must keep rising even when a partition leaves the assignment and comes back. */
  @Example
  void aPartitionReAddedAfterItWasDroppedGetsAHigherEpochThanEver() {
    SortedMap<String, Slot> owned = HandoffPlanner.plan(Map.of(), Map.of(P, "a"), Set.of("a"), Map.of(), 1);
    for (long version = 2; version < 6; version++) {
      // moved back and forth between a and b while both are live and prompt
      String to = version % 2 == 0 ? "b" : "a";
      SortedMap<String, Slot> revoked = HandoffPlanner.plan(owned, Map.of(P, to), Set.of("a", "b"), Map.of("a", 99L, "b", 99L), version);
      owned = HandoffPlanner.plan(revoked, Map.of(P, to), Set.of("a", "b"), Map.of("a", 99L, "b", 99L), version);
    }
    long highest = owned.get(P.id()).epoch();
    SortedMap<String, Slot> dropped = HandoffPlanner.plan(owned, Map.of(), Set.of("b"), Map.of(), 20);
    assertThat(dropped).isEmpty();

    SortedMap<String, Slot> readded = HandoffPlanner.plan(dropped, Map.of(P, "b"), Set.of("b"), Map.of(), 21);

    assertThat(readded.get(P.id()).epoch()).isGreaterThan(highest);
  }

  // ---- properties over random histories ----

  enum Kind { PLAN, APPLY, REPORT, RETARGET, KILL, JOIN }

  record Action(Kind kind, int pick, int versionPick, long seed) {
  }

  @Provide
  Arbitrary<List<Action>> histories() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(6, Kind.PLAN), Tuple.of(5, Kind.APPLY), Tuple.of(5, Kind.REPORT),
        Tuple.of(2, Kind.RETARGET), Tuple.of(1, Kind.KILL), Tuple.of(1, Kind.JOIN));
    Arbitrary<Action> action = Combinators.combine(kinds, Arbitraries.integers().between(0, 7),
        Arbitraries.integers().between(0, 1000), Arbitraries.longs()).as(Action::new);
    return action.list().ofMinSize(1).ofMaxSize(80);
  }

  private static void run(HandoffSimulation sim, Action action) {
    switch (action.kind()) {
      case PLAN -> sim.plan();
      case APPLY -> sim.apply(action.pick(), action.versionPick());
      case REPORT -> sim.report(action.pick());
      case RETARGET -> sim.retarget(action.seed());
      case KILL -> sim.kill(action.pick());
      case JOIN -> sim.join();
    }
  }

  /**
   * No grant while the previous owner is live and has not reported the revoking version; epochs rise on every
   * grant; unmoved partitions are untouched; unwanted ones are kept while their owner may run them; and, end to
   * end, no partition ever runs on two live workers.
   */
  @Property(tries = 400)
  void everyStepOfARandomHistoryIsSafe(@ForAll("histories") List<Action> history) {
    HandoffSimulation sim = new HandoffSimulation(3);
    for (Action action : history) {
      run(sim, action);
      sim.checkNoPartitionRunsTwice();
    }
    Statistics.label("grants").collect(sim.grants() == 0 ? "0" : sim.grants() < 10 ? "1-9" : "10+");
  }

  @Property(tries = 400)
  void onceEveryoneAppliedAStableTargetIsReachedWithinTwoSteps(@ForAll("histories") List<Action> history, @ForAll long seed) {
    HandoffSimulation sim = new HandoffSimulation(3);
    history.forEach(action -> run(sim, action));
    sim.ensureSomeoneLive();
    sim.retarget(seed);
    sim.everyoneAppliesAndReports();

    for (int step = 0; step < 2; step++) {
      sim.plan();
      sim.everyoneAppliesAndReports();
      sim.checkNoPartitionRunsTwice();
    }

    Map<String, String> wanted = new TreeMap<>();
    sim.target().forEach((partition, owner) -> wanted.put(partition.id(), owner));
    assertThat(sim.owners()).isEqualTo(wanted);
    Map<String, Integer> weights = new HashMap<>();
    sim.committed().forEach((id, slot) -> weights.put(id, slot.weight()));
    sim.target().keySet().forEach(p -> assertThat(weights.get(p.id())).isEqualTo(p.weight()));
    assertThat(sim.plan()).as("a fixed point: the next plan commits nothing").isFalse();
  }
}
