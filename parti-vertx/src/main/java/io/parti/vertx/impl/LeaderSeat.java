package io.parti.vertx.impl;

import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.strategy.AssignmentStrategy;

import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * The worker a leadership term runs on, as the term sees it: a leader is also one of the workers it plans for.
 *
 * @param workerId   its worker id
 * @param session    its session, whose heartbeats move the leader's watermark
 * @param beatSentAt when it sent its heartbeat number n, or -1 when that is no longer known
 * @param applied    the assignment version its own follower applied
 * @param appliedRecord the record its own follower applied, or {@code null}: what a leader on an empty store restores
 * @param strategy   the strategy it runs, which every worker of the group should share
 * @param epoch      the term's leader epoch (the revision of the leader key it won)
 * @param leaseRevision the revision of the leader key's latest write of this term: no other leader won it at or below
 * @param confirmLease  renews the leader key now, to learn soon whether the term still leads
 * @param landingSince  since when (scheduler time) its heartbeats land without a failure, {@code Long.MAX_VALUE}
 *                      while none landed since the last failure: silence from before then proves nothing
 * @param outOfContact  how long, in all, its heartbeats went without landing: the silence of others meanwhile proves
 *                      nothing either
 */
record LeaderSeat(String workerId, String session, LongUnaryOperator beatSentAt, LongSupplier applied,
                  Supplier<AssignmentRecord> appliedRecord, AssignmentStrategy strategy, long epoch,
                  LongSupplier leaseRevision, Runnable confirmLease, LongSupplier landingSince,
                  LongSupplier outOfContact) {
}
