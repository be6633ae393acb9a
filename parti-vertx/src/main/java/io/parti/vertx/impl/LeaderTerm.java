package io.parti.vertx.impl;

import io.parti.vertx.WorkerState;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/** One leadership term: the membership view and the assignment leader, started together and stopped together. */
final class LeaderTerm {

  private final Membership membership;
  private final AssignmentLeader leader;
  private WorkerState phase;

  LeaderTerm(Wiring wiring, PartitionSource source, AssignmentStrategy strategy, String workerId, String session,
             LongUnaryOperator ownBeatSentAt, long epoch, LongSupplier locallyApplied, Consumer<WorkerState> onPhase,
             Runnable onDeposed) {
    AssignmentLeader[] self = new AssignmentLeader[1];
    this.membership = new Membership(wiring, workerId, session, ownBeatSentAt, locallyApplied, strategy.name(), change -> self[0].onMembership(change));
    this.leader = new AssignmentLeader(wiring, source, strategy, membership, workerId, epoch, locallyApplied, p -> {
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

  AssignmentLeader leader() {
    return leader;
  }

  /** The leader's current phase (SCALING, REBALANCING, EMERGENCY), or {@code null} when idle. */
  WorkerState phase() {
    return phase;
  }
}
