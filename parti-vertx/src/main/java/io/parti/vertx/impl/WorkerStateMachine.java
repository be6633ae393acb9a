package io.parti.vertx.impl;

import io.parti.vertx.WorkerState;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static io.parti.vertx.WorkerState.*;

/**
 * The worker lifecycle as an explicit transition table. A transition that is not in the table is a bug:
 * it is refused, logged and counted ({@link #invalidTransitions()}), and tests assert that count is zero.
 */
public final class WorkerStateMachine {

  private static final System.Logger LOG = System.getLogger(WorkerStateMachine.class.getName());

  /** Every allowed transition: from a state to the states it may go to. */
  static final Map<WorkerState, Set<WorkerState>> TRANSITIONS = new EnumMap<>(WorkerState.class);

  static {
    Set<WorkerState> leaderPhases = EnumSet.of(SCALING, REBALANCING, EMERGENCY);
    TRANSITIONS.put(INIT, EnumSet.of(CLAIMING_ID, SHUTDOWN));
    TRANSITIONS.put(CLAIMING_ID, EnumSet.of(ELECTION, DEGRADED, SHUTDOWN));
    TRANSITIONS.put(ELECTION, with(leaderPhases, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    TRANSITIONS.put(WAITING_ASSIGNMENT, with(leaderPhases, STABLE, CLAIMING_ID, DEGRADED, SHUTDOWN));
    TRANSITIONS.put(STABLE, with(leaderPhases, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    for (WorkerState phase : leaderPhases) {
      Set<WorkerState> others = EnumSet.copyOf(leaderPhases);
      others.remove(phase);
      TRANSITIONS.put(phase, with(others, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    }
    TRANSITIONS.put(DEGRADED, with(leaderPhases, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, SHUTDOWN));
    TRANSITIONS.put(SHUTDOWN, EnumSet.noneOf(WorkerState.class));
  }

  private final String name;
  private final BiConsumer<WorkerState, WorkerState> listener;
  private final AtomicLong invalid = new AtomicLong();
  private volatile WorkerState state = INIT;

  /** @param listener called with (from, to) after every transition */
  public WorkerStateMachine(String name, BiConsumer<WorkerState, WorkerState> listener) {
    this.name = name;
    this.listener = listener;
  }

  public WorkerState state() {
    return state;
  }

  /** Moves to {@code to}; staying in the same state is a no-op. Returns whether the state is now {@code to}. */
  public boolean moveTo(WorkerState to) {
    WorkerState from = state;
    if (from == to) {
      return true;
    }
    if (!TRANSITIONS.get(from).contains(to)) {
      invalid.incrementAndGet();
      LOG.log(System.Logger.Level.ERROR, name + ": invalid state transition " + from + " -> " + to);
      return false;
    }
    state = to;
    listener.accept(from, to);
    return true;
  }

  /** How many transitions were refused. */
  public long invalidTransitions() {
    return invalid.get();
  }

  /** Whether the table allows {@code from -> to}. */
  public static boolean allowed(WorkerState from, WorkerState to) {
    return TRANSITIONS.get(from).contains(to);
  }

  private static Set<WorkerState> with(Set<WorkerState> base, WorkerState... more) {
    Set<WorkerState> set = EnumSet.copyOf(base);
    set.addAll(Set.of(more));
    return set;
  }
}
