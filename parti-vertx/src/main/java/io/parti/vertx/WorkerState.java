package io.parti.vertx;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle states of a coordinator, with the transitions allowed between them ({@link #next()}); every change
 * is published on {@link PartiOptions#getStateAddress()}. A coordinator never makes a transition the table does
 * not list: it refuses it and logs an error. {@link #SCALING}, {@link #REBALANCING} and {@link #EMERGENCY} are
 * the leader's phases, entered from and left to the states of a worker that leads.
 */
public enum WorkerState {
  /** Created, not deployed yet. */
  INIT,
  /** Claiming a stable worker id. */
  CLAIMING_ID,
  /** Holding an id, taking part in the leader election. */
  ELECTION,
  /** Elected or not, waiting for the first assignment that includes this worker. */
  WAITING_ASSIGNMENT,
  /** Running the partitions of the current assignment. */
  STABLE,
  /** The leader: a worker set change is being batched (planned-scale or cold-start window). */
  SCALING,
  /** The leader: partitions are moving through the hand-off. */
  REBALANCING,
  /** The leader: a worker died and its partitions are being reassigned without a window. */
  EMERGENCY,
  /** NATS is unreachable: the cached assignment keeps running. */
  DEGRADED,
  /** Stopping: partitions are handed off, then the id and heartbeat are released. */
  SHUTDOWN;

  private static final Map<WorkerState, Set<WorkerState>> TRANSITIONS = new EnumMap<>(WorkerState.class);

  static {
    Set<WorkerState> leaderPhases = EnumSet.of(SCALING, REBALANCING, EMERGENCY);
    allow(INIT, EnumSet.of(CLAIMING_ID, SHUTDOWN));
    allow(CLAIMING_ID, EnumSet.of(ELECTION, DEGRADED, SHUTDOWN));
    allow(ELECTION, with(leaderPhases, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    allow(WAITING_ASSIGNMENT, with(leaderPhases, STABLE, CLAIMING_ID, DEGRADED, SHUTDOWN));
    allow(STABLE, with(leaderPhases, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    for (WorkerState phase : leaderPhases) {
      Set<WorkerState> others = EnumSet.copyOf(leaderPhases);
      others.remove(phase);
      allow(phase, with(others, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, DEGRADED, SHUTDOWN));
    }
    allow(DEGRADED, with(leaderPhases, STABLE, WAITING_ASSIGNMENT, CLAIMING_ID, SHUTDOWN));
    allow(SHUTDOWN, EnumSet.noneOf(WorkerState.class));
  }

  /** The states this one may move to (unmodifiable); empty for {@link #SHUTDOWN}, the end. */
  public Set<WorkerState> next() {
    return TRANSITIONS.get(this);
  }

  /** Whether the lifecycle allows moving from this state to {@code to}. */
  public boolean canMoveTo(WorkerState to) {
    return TRANSITIONS.get(this).contains(to);
  }

  private static void allow(WorkerState from, Set<WorkerState> to) {
    TRANSITIONS.put(from, Collections.unmodifiableSet(to));
  }

  private static Set<WorkerState> with(Set<WorkerState> base, WorkerState... more) {
    Set<WorkerState> set = EnumSet.copyOf(base);
    set.addAll(Set.of(more));
    return set;
  }
}
