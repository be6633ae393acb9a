package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** One leadership term: the membership view and the assignment leader, started together and stopped together. */
final class LeaderTerm {

  private final Membership membership;
  private final AssignmentLeader leader;
  private WorkerState phase;

  LeaderTerm(Vertx vertx, Context context, Connection connection, PartiOptions options, KvStore heartbeats,
             KvStore assignments, PartitionSource source, AssignmentStrategy strategy, PartiMetrics metrics,
             String workerId, long epoch, LongSupplier locallyApplied, Consumer<WorkerState> onPhase, Runnable onDeposed) {
    AssignmentLeader[] self = new AssignmentLeader[1];
    this.membership = new Membership(vertx, context, heartbeats, options, metrics, change -> self[0].onMembership(change));
    this.leader = new AssignmentLeader(vertx, assignments, connection, options, source, strategy, membership, metrics,
        workerId, epoch, locallyApplied, p -> {
          phase = p;
          onPhase.accept(p);
        }, onDeposed);
    self[0] = leader;
  }

  /** Starts watching heartbeats first, so the first rebalance sees the workers that are already there. */
  Future<Void> start() {
    return membership.start().compose(v -> leader.start());
  }

  Future<Void> stop() {
    return Future.join(leader.stop(), membership.stop()).mapEmpty();
  }

  /** The leader's current phase (SCALING, REBALANCING, EMERGENCY), or {@code null} when idle. */
  WorkerState phase() {
    return phase;
  }

  void connectivity(boolean connected) {
    membership.connectivity(connected);
  }

  void kvHealthy(boolean healthy) {
    membership.kvHealthy(healthy);
  }
}
