package io.parti.vertx.impl;

import io.parti.vertx.WorkerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parti.vertx.WorkerState.*;
import static org.assertj.core.api.Assertions.assertThat;

class WorkerStateMachineTest {

  /** The transition table, written out independently of the implementation. */
  private static final Map<WorkerState, Set<WorkerState>> EXPECTED = new EnumMap<>(WorkerState.class);

  static {
    EXPECTED.put(INIT, EnumSet.of(CLAIMING_ID, SHUTDOWN));
    EXPECTED.put(CLAIMING_ID, EnumSet.of(ELECTION, DEGRADED, SHUTDOWN));
    EXPECTED.put(ELECTION, EnumSet.of(WAITING_ASSIGNMENT, SCALING, REBALANCING, EMERGENCY, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(WAITING_ASSIGNMENT, EnumSet.of(STABLE, SCALING, REBALANCING, EMERGENCY, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(STABLE, EnumSet.of(WAITING_ASSIGNMENT, SCALING, REBALANCING, EMERGENCY, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(SCALING, EnumSet.of(REBALANCING, EMERGENCY, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(REBALANCING, EnumSet.of(SCALING, EMERGENCY, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(EMERGENCY, EnumSet.of(SCALING, REBALANCING, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    EXPECTED.put(DEGRADED, EnumSet.of(STABLE, WAITING_ASSIGNMENT, SCALING, REBALANCING, EMERGENCY, CLAIMING_ID, SHUTDOWN));
    EXPECTED.put(SHUTDOWN, EnumSet.noneOf(WorkerState.class));
  }

  private final List<String> notified = new ArrayList<>();
  private final WorkerStateMachine machine = new WorkerStateMachine("test", (from, to) -> notified.add(from + ">" + to));

  @Test
  void theTableIsExactlyTheDocumentedOne() {
    for (WorkerState from : WorkerState.values()) {
      for (WorkerState to : WorkerState.values()) {
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(EXPECTED.get(from).contains(to));
      }
      assertThat(from.next()).as("next() of " + from).isEqualTo(EXPECTED.get(from));
    }
  }

  @Test
  void aNewMachineStartsInInit() {
    assertThat(machine.state()).isEqualTo(INIT);
    assertThat(machine.invalidTransitions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = WorkerState.class, names = "SHUTDOWN", mode = EnumSource.Mode.EXCLUDE)
  void everyStateButShutdownCanShutDown(WorkerState state) {
    assertThat(reachable(state)).contains(SHUTDOWN);
    assertThat(state.canMoveTo(SHUTDOWN)).as("a stop must be possible at once").isTrue();
  }

  @Test
  void everyStateIsReachableFromInit() {
    assertThat(reachable(INIT)).containsExactlyInAnyOrder(WorkerState.values());
  }

  @ParameterizedTest
  @EnumSource(WorkerState.class)
  void shutdownIsTerminal(WorkerState to) {
    walkTo(SHUTDOWN);
    notified.clear();

    boolean moved = machine.moveTo(to);

    assertThat(machine.state()).isEqualTo(SHUTDOWN);
    assertThat(notified).isEmpty();
    assertThat(moved).isEqualTo(to == SHUTDOWN);
    assertThat(machine.invalidTransitions()).isEqualTo(to == SHUTDOWN ? 0 : 1);
  }

  @Test
  void aRefusedTransitionIsCountedAndNotNotified() {
    assertThat(machine.moveTo(STABLE)).isFalse();
    assertThat(machine.moveTo(ELECTION)).isFalse();

    assertThat(machine.state()).isEqualTo(INIT);
    assertThat(machine.invalidTransitions()).isEqualTo(2);
    assertThat(notified).isEmpty();

    assertThat(machine.moveTo(CLAIMING_ID)).isTrue();
    assertThat(machine.invalidTransitions()).isEqualTo(2);
    assertThat(notified).containsExactly("INIT>CLAIMING_ID");
  }

  @Test
  void stayingInTheSameStateIsANoOp() {
    machine.moveTo(CLAIMING_ID);
    notified.clear();

    assertThat(machine.moveTo(CLAIMING_ID)).isTrue();

    assertThat(notified).isEmpty();
    assertThat(machine.invalidTransitions()).isZero();
  }

  @Test
  void theListenerGetsFromAndToOfEveryTransitionInOrder() {
    for (WorkerState state : List.of(CLAIMING_ID, ELECTION, WAITING_ASSIGNMENT, STABLE, DEGRADED, STABLE, SCALING,
        REBALANCING, STABLE, SHUTDOWN)) {
      assertThat(machine.moveTo(state)).as("to " + state).isTrue();
    }

    assertThat(notified).containsExactly("INIT>CLAIMING_ID", "CLAIMING_ID>ELECTION", "ELECTION>WAITING_ASSIGNMENT",
        "WAITING_ASSIGNMENT>STABLE", "STABLE>DEGRADED", "DEGRADED>STABLE", "STABLE>SCALING", "SCALING>REBALANCING",
        "REBALANCING>STABLE", "STABLE>SHUTDOWN");
    assertThat(machine.invalidTransitions()).isZero();
  }

  /** Every edge of the table, taken by a real machine: allowed edges move and notify, others are refused. */
  @Test
  void everyEdgeBehavesAsTheTableSays() {
    for (WorkerState from : WorkerState.values()) {
      for (WorkerState to : WorkerState.values()) {
        if (from == to) {
          continue;
        }
        List<String> seen = new ArrayList<>();
        WorkerStateMachine m = new WorkerStateMachine("edge", (a, b) -> seen.add(a + ">" + b));
        pathTo(from).forEach(m::moveTo);
        seen.clear();

        boolean moved = m.moveTo(to);

        boolean allowed = EXPECTED.get(from).contains(to);
        assertThat(moved).as(from + " -> " + to).isEqualTo(allowed);
        assertThat(m.state()).isEqualTo(allowed ? to : from);
        assertThat(seen).isEqualTo(allowed ? List.of(from + ">" + to) : List.of());
        assertThat(m.invalidTransitions()).isEqualTo(allowed ? 0 : 1);
      }
    }
  }

  private void walkTo(WorkerState target) {
    pathTo(target).forEach(machine::moveTo);
    assertThat(machine.state()).isEqualTo(target);
  }

  /** The shortest sequence of allowed moves from INIT to {@code target} in the expected table. */
  private static List<WorkerState> pathTo(WorkerState target) {
    Map<WorkerState, WorkerState> parent = new EnumMap<>(WorkerState.class);
    Deque<WorkerState> queue = new ArrayDeque<>(List.of(INIT));
    parent.put(INIT, INIT);
    while (!queue.isEmpty()) {
      WorkerState state = queue.poll();
      for (WorkerState next : EXPECTED.get(state)) {
        if (parent.putIfAbsent(next, state) == null) {
          queue.add(next);
        }
      }
    }
    LinkedList<WorkerState> path = new LinkedList<>();
    for (WorkerState s = target; s != INIT; s = parent.get(s)) {
      path.addFirst(s);
    }
    return path;
  }

  /** The states reachable from {@code start} through the implementation's table. */
  private static Set<WorkerState> reachable(WorkerState start) {
    Set<WorkerState> seen = EnumSet.of(start);
    Deque<WorkerState> queue = new ArrayDeque<>(seen);
    while (!queue.isEmpty()) {
      WorkerState state = queue.poll();
      for (WorkerState next : WorkerState.values()) {
        if (state.canMoveTo(next) && seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return seen;
  }
}
