package io.parti.vertx;

/**
 * The lifecycle states of a coordinator. The allowed transitions are listed in
 * {@code io.parti.vertx.impl.WorkerStateMachine}; every change is published on
 * {@link PartiOptions#getStateAddress()}.
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
  SHUTDOWN
}
