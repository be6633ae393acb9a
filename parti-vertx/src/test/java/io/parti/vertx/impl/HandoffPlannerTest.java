package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.impl.protocol.AssignmentRecord;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-phase hand-off: examples of each rule, and properties over random fleet histories. */
class HandoffPlannerTest {

  private static final Partition P = Partition.of("orders", "1");
  private static final Partition Q = Partition.of("orders", "2");

  // ---- a small language for fleets and records ----

  /** A view where each named worker has one live session, named like the worker with "-s". */
  private static FleetView live(String... workers) {
    Map<String, FleetView.Worker> view = new HashMap<>();
    for (String w : workers) {
      view.put(w, worker(w + "-s", 0));
    }
    return new FleetView(view);
  }

  private static FleetView.Worker worker(String session, long applied) {
    FleetView.Session s = new FleetView.Session(session, applied, false);
    return new FleetView.Worker(s, Map.of(session, s));
  }

  private static FleetView with(FleetView view, String worker, FleetView.Worker w) {
    Map<String, FleetView.Worker> workers = new HashMap<>(view.workers());
    workers.put(worker, w);
    return new FleetView(workers);
  }

  private static AssignmentRecord record(long version, Map<String, Slot> slots, String... sessions) {
    SortedMap<String, String> bySession = new TreeMap<>();
    for (String s : sessions) {
      bySession.put(s.substring(0, s.indexOf("-s")), s);
    }
    return new AssignmentRecord(version, 1, "leader", List.of(), bySession, new TreeMap<>(slots));
  }

  private static AssignmentRecord commit(AssignmentRecord base, HandoffPlanner.Plan plan, long version) {
    return base.next(version, 1, "leader", "test", List.of(), plan.sessions(), plan.slots(), 0);
  }

  // ---- examples ----

  @Example
  void aPartitionLeavingALiveOwnerIsRevokedFirstThenGrantedOnceReleased() {
    AssignmentRecord current = record(6, Map.of(P.id(), Slot.owned("a", 4, 1)), "a-s", "b-s");
    Map<Partition, String> target = Map.of(P, "b");

    HandoffPlanner.Plan revoked = HandoffPlanner.plan(current, target, with(live("b"), "a", worker("a-s", 6)), 7, 0);
    assertThat(revoked.slots().get(P.id())).isEqualTo(Slot.releasing("a", 4, 7, 1));
    AssignmentRecord v7 = commit(current, revoked, 7);

    HandoffPlanner.Plan waiting = HandoffPlanner.plan(v7, target, with(live("b"), "a", worker("a-s", 6)), 8, 0);
    assertThat(waiting.slots()).as("a has not applied version 7 yet").isEqualTo(revoked.slots());

    HandoffPlanner.Plan granted = HandoffPlanner.plan(v7, target, with(live("b"), "a", worker("a-s", 7)), 8, 0);
    assertThat(granted.slots().get(P.id()).owner()).isEqualTo("b");
    assertThat(granted.slots().get(P.id()).epoch()).isGreaterThan(4);
  }

  @Example
  void aDeadOwnersPartitionIsGrantedAtOnce() {
    AssignmentRecord current = record(6, Map.of(P.id(), Slot.owned("a", 4, 1)), "a-s");

    HandoffPlanner.Plan next = HandoffPlanner.plan(current, Map.of(P, "b"), live("b"), 7, 0);

    assertThat(next.slots().get(P.id()).owner()).isEqualTo("b");
    assertThat(next.slots().get(P.id()).epoch()).isGreaterThan(4);
    assertThat(next.sessions()).containsEntry("b", "b-s").doesNotContainKey("a");
  }

  /**
   * Hole b: a new session of an id is no release receipt. The old session may still run (a duplicate instance, a
   * paused process that resumed), so its grants are revoked, and released only by its own receipt or death; the
   * new session gets grants only once nothing is held under the old one.
   */
  @Example
  void aNewSessionOfAnIdIsNoReleaseReceipt() {
    AssignmentRecord current = record(6, Map.of(P.id(), Slot.owned("a", 4, 1), Q.id(), Slot.releasing("a", 3, 6, 1)), "a-s", "b-s");
    Map<Partition, String> target = Map.of(P, "a", Q, "b");
    FleetView.Session old = new FleetView.Session("a-s", 5, false);
    FleetView.Session renewed = new FleetView.Session("a-s2", 0, false);
    Map<String, FleetView.Session> both = new LinkedHashMap<>();
    both.put("a-s", old);
    both.put("a-s2", renewed);
    FleetView view = with(live("b"), "a", new FleetView.Worker(renewed, both));

    HandoffPlanner.Plan plan = HandoffPlanner.plan(current, target, view, 7, 0);

    assertThat(plan.slots().get(P.id())).as("revoked from the old session").isEqualTo(Slot.releasing("a", 4, 7, 1));
    assertThat(plan.slots().get(Q.id())).as("still releasing: the old session has not reported v6").isEqualTo(Slot.releasing("a", 3, 6, 1));
    assertThat(plan.sessions()).as("grants stay with the old session until it let go").containsEntry("a", "a-s");

    // The old session reports the revoking version: everything it held is released, the new session is granted anew.
    AssignmentRecord v7 = commit(current, plan, 7);
    FleetView.Session reported = new FleetView.Session("a-s", 7, false);
    Map<String, FleetView.Session> after = new LinkedHashMap<>();
    after.put("a-s", reported);
    after.put("a-s2", renewed);
    HandoffPlanner.Plan next = HandoffPlanner.plan(v7, target, with(live("b"), "a", new FleetView.Worker(renewed, after)), 8, 0);
    assertThat(next.slots().get(P.id())).isEqualTo(Slot.owned("a", 8, 1));
    assertThat(next.slots().get(Q.id())).isEqualTo(Slot.owned("b", 8, 1));
    assertThat(next.sessions()).containsEntry("a", "a-s2");
  }

  @Example
  void anOldSessionThatDiesCountsAsReleased() {
    AssignmentRecord current = record(7, Map.of(P.id(), Slot.releasing("a", 4, 7, 1)), "a-s");
    FleetView.Session renewed = new FleetView.Session("a-s2", 0, false);
    FleetView view = with(live("b"), "a", new FleetView.Worker(renewed, Map.of("a-s2", renewed)));

    HandoffPlanner.Plan next = HandoffPlanner.plan(current, Map.of(P, "a"), view, 8, 0);

    assertThat(next.slots().get(P.id())).isEqualTo(Slot.owned("a", 8, 1));
    assertThat(next.sessions()).containsEntry("a", "a-s2");
  }

  @Example
  void aPartitionThatDoesNotMoveIsNotTouched() {
    Slot slot = Slot.owned("a", 4, 1);
    AssignmentRecord current = record(8, Map.of(P.id(), slot, Q.id(), Slot.owned("b", 2, 1)), "a-s", "b-s");

    HandoffPlanner.Plan next = HandoffPlanner.plan(current, Map.of(P, "a", Q, "a"), live("a", "b"), 9, 0);

    assertThat(next.slots().get(P.id())).isSameAs(slot);
    assertThat(next.slots().get(Q.id()).releasing()).isEqualTo("b");
  }

  @Example
  void aWeightChangeKeepsOwnerAndEpoch() {
    AssignmentRecord current = record(8, Map.of(P.id(), Slot.owned("a", 4, 1)), "a-s");

    HandoffPlanner.Plan next = HandoffPlanner.plan(current, Map.of(P.withWeight(3), "a"), live("a"), 9, 0);

    assertThat(next.slots().get(P.id())).isEqualTo(Slot.owned("a", 4, 3));
  }

  @Example
  void aNewPartitionIsGrantedDirectlyUnlessABarrierHoldsGrantsBack() {
    AssignmentRecord empty = record(0, Map.of());
    assertThat(HandoffPlanner.plan(empty, Map.of(P, "a"), live("a"), 1, 0).slots().get(P.id()).owner()).isEqualTo("a");

    // Hole g: after an unreadable or deleted record, nothing is granted until every live session applied the barrier.
    HandoffPlanner.Plan held = HandoffPlanner.plan(empty, Map.of(P, "a"), with(live("a"), "b", worker("b-s", 4)), 6, 5);
    assertThat(held.slots().get(P.id())).isEqualTo(Slot.unowned(0, 1));
    Map<String, FleetView.Worker> applied = Map.of("a", worker("a-s", 5), "b", worker("b-s", 5));
    // Seed 229: nor while the leader may not have heard of every live session yet.
    HandoffPlanner.Plan unheard = HandoffPlanner.plan(empty, Map.of(P, "a"), new FleetView(applied, false), 6, 5);
    assertThat(unheard.slots().get(P.id())).isEqualTo(Slot.unowned(0, 1));
    HandoffPlanner.Plan after = HandoffPlanner.plan(empty, Map.of(P, "a"), new FleetView(applied), 6, 5);
    assertThat(after.slots().get(P.id()).owner()).isEqualTo("a");
  }

  @Example
  void aRemovedPartitionIsKeptReleasingUntilItsLiveOwnerAppliedThenDropped() {
    AssignmentRecord current = record(6, Map.of(P.id(), Slot.owned("a", 4, 1)), "a-s");

    HandoffPlanner.Plan revoked = HandoffPlanner.plan(current, Map.of(), live("a"), 7, 0);
    assertThat(revoked.slots()).containsExactly(Map.entry(P.id(), Slot.releasing("a", 4, 7, 1)));
    AssignmentRecord v7 = commit(current, revoked, 7);

    assertThat(HandoffPlanner.plan(v7, Map.of(), with(live(), "a", worker("a-s", 6)), 8, 0).slots()).isEqualTo(revoked.slots());
    assertThat(HandoffPlanner.plan(v7, Map.of(), with(live(), "a", worker("a-s", 7)), 8, 0).slots()).isEmpty();
  }

  @Example
  void aRemovedPartitionOfADeadOwnerIsDroppedAtOnce() {
    AssignmentRecord current = record(6, Map.of(P.id(), Slot.owned("a", 4, 1), Q.id(), Slot.releasing("a", 2, 5, 1)), "a-s");

    assertThat(HandoffPlanner.plan(current, Map.of(), live("b"), 7, 0).slots()).isEmpty();
  }

  /** The owner epoch is a fencing token: it must keep rising even when a partition leaves the assignment and comes back. */
  @Example
  void aPartitionReAddedAfterItWasDroppedGetsAHigherEpochThanEver() {
    AssignmentRecord v1 = commit(record(0, Map.of()), HandoffPlanner.plan(record(0, Map.of()), Map.of(P, "a"), live("a"), 1, 0), 1);
    long highest = v1.slots().get(P.id()).epoch();
    AssignmentRecord v2 = commit(v1, HandoffPlanner.plan(v1, Map.of(), live("b"), 2, 0), 2);
    assertThat(v2.slots()).isEmpty();

    HandoffPlanner.Plan readded = HandoffPlanner.plan(v2, Map.of(P, "b"), live("b"), 3, 0);

    assertThat(readded.slots().get(P.id()).epoch()).isGreaterThan(highest);
  }

  // ---- properties over random histories ----

  enum Kind { PLAN, APPLY, REPORT, RETARGET, KILL, JOIN, RECLAIM, DECLARE_DEAD }

  record Action(Kind kind, int pick, int versionPick, long seed) {
  }

  @Provide
  Arbitrary<List<Action>> histories() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(6, Kind.PLAN), Tuple.of(5, Kind.APPLY), Tuple.of(5, Kind.REPORT),
        Tuple.of(2, Kind.RETARGET), Tuple.of(1, Kind.KILL), Tuple.of(1, Kind.JOIN), Tuple.of(1, Kind.RECLAIM),
        Tuple.of(1, Kind.DECLARE_DEAD));
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
      case RECLAIM -> sim.reclaim(action.pick());
      case DECLARE_DEAD -> sim.declareDead(action.pick());
    }
  }

  /**
   * No grant while a session the leader hears from may still run the partition (it held it and has not reported a
   * later version), old sessions of re-claimed ids included; grants go to the id's current session; epochs rise on
   * every grant; and, end to end, no partition runs in two sessions the leader hears from.
   */
  @Property(tries = 500)
  void everyStepOfARandomHistoryIsSafe(@ForAll("histories") List<Action> history) {
    HandoffSimulation sim = new HandoffSimulation(3);
    for (Action action : history) {
      run(sim, action);
      sim.checkNoPartitionRunsTwice();
    }
    Statistics.label("grants").collect(sim.grants() == 0 ? "0" : sim.grants() < 10 ? "1-9" : "10+");
  }

  @Property(tries = 400)
  void onceEveryoneAppliedAStableTargetIsReachedWithinThreeSteps(@ForAll("histories") List<Action> history, @ForAll long seed) {
    HandoffSimulation sim = new HandoffSimulation(3);
    history.forEach(action -> run(sim, action));
    sim.retireOldSessions();
    sim.ensureSomeoneLive();
    sim.retarget(seed);
    sim.everyoneAppliesAndReports();

    for (int step = 0; step < 3; step++) {
      sim.plan();
      sim.everyoneAppliesAndReports();
      sim.checkNoPartitionRunsTwice();
    }

    Map<String, String> wanted = new TreeMap<>();
    sim.target().forEach((partition, owner) -> wanted.put(partition.id(), owner));
    assertThat(sim.owners()).isEqualTo(wanted);
    Map<String, Integer> weights = new HashMap<>();
    sim.committed().slots().forEach((id, slot) -> weights.put(id, slot.weight()));
    sim.target().keySet().forEach(p -> assertThat(weights.get(p.id())).isEqualTo(p.weight()));
    assertThat(sim.plan()).as("a fixed point: the next plan commits nothing").isFalse();
  }
}
