package io.parti.vertx;

/**
 * What a worker does with its partitions while it is out of contact with NATS ({@link WorkerState#DEGRADED}).
 * The decision table (outage kind × policy: what runs, what may overlap, for how long) is in docs/lifecycle.md.
 */
public enum DegradedPolicy {
  /**
   * Keeps running the cached assignment for as long as NATS is out of reach, past its id lease deadline too. Back in
   * contact it keeps its session: it takes its id key again if nobody else holds it (or self-fences if someone
   * does), and applies the current assignment, which stops at once what the leader gave to others meanwhile. A
   * whole-NATS outage of any length moves nothing and restarts nothing; a worker cut off alone runs its partitions
   * beside their new owners until it reaches NATS again.
   */
  KEEP_RUNNING,
  /**
   * Keeps running the cached assignment until the id lease deadline ({@code workerIdTtl - operationTimeout} after its
   * last renewal landed), then self-fences: stops every partition, ends its session and re-joins (claiming its old id
   * first). The default: overlap across a network partition is bounded by the lease.
   */
  STOP_AT_LEASE_END,
  /**
   * Stops its partitions {@link PartiOptions#degradedFencingDelay()} after its last heartbeat landed, before the leader
   * may give them away: no partition ever runs twice, and a NATS outage stops the work.
   */
  FENCE
}
