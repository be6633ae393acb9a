package io.parti.vertx.impl;

import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.metrics.PartiMetrics;

import java.util.HashMap;
import java.util.Map;

/**
 * The leader's stopwatch for its metrics. A rebalance runs from its first cause (a join, a death, a leave, a change
 * of the partitions, a cold start, a new leader taking over) until a plan leaves nothing pending, and is counted
 * only if it committed a change. A moved partition is timed from the commit that took it from its owner (or from
 * the death of its owner) to the commit that granted it to the next one.
 */
final class RebalanceClock {

  /** Why a rebalance started: the {@code reason} tag of its meters. */
  enum Reason {
    COLD_START("cold-start"), PLANNED("planned"), EMERGENCY("emergency"), SOURCE_CHANGE("source-change"),
    LEAVE("leave"), TAKEOVER("takeover");

    final String tag;

    Reason(String tag) {
      this.tag = tag;
    }
  }

  /** When a partition was taken from its owner, and whether that owner had died. */
  private record Taken(long since, boolean death) {
  }

  private final PartiMetrics metrics;
  private final Scheduler scheduler;
  private final Map<String, Taken> taken = new HashMap<>();
  private Reason reason;
  private long since;
  private boolean changed;
  private long deathAt = -1;

  RebalanceClock(PartiMetrics metrics, Scheduler scheduler) {
    this.metrics = metrics;
    this.scheduler = scheduler;
  }

  /**
   * Something calls for a rebalance; a death makes the one under way an emergency, and a term's start (a cold start, a
   * takeover) names the first rebalance of the term even when joins or leaves were seen while it fenced: a busy machine
   * makes the fencing slow, and workers of a cold start join meanwhile.
   */
  void cause(Reason cause) {
    long now = scheduler.nanoTime();
    if (cause == Reason.EMERGENCY) {
      deathAt = now;
    }
    if (reason == null) {
      reason = cause;
      since = now;
      changed = false;
    } else if (cause == Reason.EMERGENCY || reason != Reason.EMERGENCY && (cause == Reason.COLD_START || cause == Reason.TAKEOVER)) {
      reason = cause;
    }
  }

  /** A commit landed. */
  void committed(HandoffDelta delta, int liveWorkers) {
    long now = scheduler.nanoTime();
    changed = true;
    delta.orphaned().forEach(p -> taken.putIfAbsent(p, new Taken(deathAt < 0 ? now : deathAt, true)));
    delta.revoked().forEach(p -> taken.putIfAbsent(p, new Taken(now, false)));
    for (String p : delta.granted()) {
      Taken t = taken.remove(p);
      if (t != null) {
        metrics.handedOff(now - t.since(), t.death());
      }
    }
    metrics.leaderView(liveWorkers, delta.unowned());
  }

  /** A plan left nothing pending: the rebalance under way (if it changed anything) is over. */
  void settled() {
    if (reason != null && changed) {
      metrics.rebalanced(reason.tag, scheduler.nanoTime() - since);
    }
    reason = null;
    changed = false;
  }

  /** The leadership term ended: this worker no longer speaks for the fleet. */
  void stopped() {
    taken.clear();
    reason = null;
    metrics.leaderView(0, 0);
  }
}
