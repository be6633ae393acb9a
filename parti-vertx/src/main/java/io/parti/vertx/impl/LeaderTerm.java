package io.parti.vertx.impl;

import io.parti.vertx.WorkerState;
import io.parti.vertx.source.PartitionSource;
import io.vertx.core.Future;

import java.util.function.Consumer;

/** One leadership term: the membership view and the assignment leader, started together and stopped together. */
final class LeaderTerm {

  private final Membership membership;
  private final AssignmentLeader leader;
  private WorkerState phase;

  LeaderTerm(Wiring wiring, PartitionSource source, LeaderSeat seat, Consumer<WorkerState> onPhase) {
    this.membership = new Membership(wiring, seat);
    this.leader = new AssignmentLeader(wiring, source, seat, membership, p -> {
      phase = p;
      onPhase.accept(p);
    });
    membership.listen(leader::onMembership);
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
