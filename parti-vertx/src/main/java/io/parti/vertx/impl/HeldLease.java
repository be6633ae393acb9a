package io.parti.vertx.impl;

import io.parti.vertx.shared.RetryPolicy;

import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link KeyLease} once acquired: renewed every third of its TTL, and given up before it can expire. The one
 * deadline rule for the worker-id lease and the leader lease: the holder counts the lease as lost one operation
 * timeout before the key may expire, timed from the send of the latest write known to have landed, so it stops
 * acting on it before anyone else can take it.
 */
final class HeldLease {

  /** A renewal that failed is tried again soon (the deadline is what bounds the lease), jittered. */
  private static final RetryPolicy RETRY = RetryPolicy.steady(50);

  private final Scheduler scheduler;
  private final KeyLease lease;
  private long renewMillis;
  private final long marginNanos;
  private final Consumer<Throwable> onLost;
  /** A renewal is under way. */
  private boolean renewing;
  /**
   * Until when (scheduler time) a failed renewal is retried soon even when lapsed: for one renewal interval after
   * {@link #renewNow}, unless NATS answers first. Past it a new outage is waited out at the renewal pace again.
   */
  private long hurryUntil = Long.MIN_VALUE;
  /** Past the deadline the lease lapses instead of being lost (see {@link #lapsing}). */
  private boolean lapses;
  /** A renewal that finds the key gone, held by nobody, writes the lease again (see {@link #retakingWhenGone}). */
  private boolean retakes;
  /** Leases on the key that nobody renews: a lapsed holder waits for them to expire (see {@link #lapsing}). */
  private Predicate<Lease> orphan = holder -> false;
  private Runnable onLapsed = () -> { };
  /** The deadline passed: the key may have expired; renewals go on, and one that finds it free takes it again. */
  private boolean lapsed;
  private long renewTimer = -1;
  private long deadlineTimer = -1;
  private boolean held;

  /**
   * @param onLost called once, with {@link KeyLease.Taken} when another holder took the key, or with a
   *               {@link LeaseExpiring} when no renewal landed in time
   */
  HeldLease(Scheduler scheduler, KeyLease lease, Duration ttl, Duration margin, Consumer<Throwable> onLost) {
    this.scheduler = scheduler;
    this.lease = lease;
    this.renewMillis = Math.max(50, ttl.toMillis() / 3);
    this.marginNanos = margin.toNanos();
    this.onLost = onLost;
  }

  /** No renewal landed in time: the key may expire any moment now. */
  static final class LeaseExpiring extends RuntimeException {
    LeaseExpiring(String key) {
      super(key + " could not be renewed in time: it may expire");
    }
  }

  /**
   * Past the deadline the lease lapses instead of being lost: the holder goes on (its session with it), renewals go
   * on, and once NATS answers again a renewal that finds the key gone writes the lease again ({@link KeyLease#retake});
   * only a key that someone else holds makes it lost. {@code onLapsed} is told when the deadline passes. For the
   * worker id under {@code DegradedPolicy.KEEP_RUNNING}.
   * <p>
   * A key found held by a lease that {@code orphan} knows nobody renews is not lost either: the renewals go on, and the
   * first after it expired writes this lease again. (Only once lapsed: before the deadline such a lease, which landed
   * after this one's last write, outlives this one's deadline anyway.)
   */
  HeldLease lapsing(Runnable onLapsed, Predicate<Lease> orphan) {
    this.lapses = true;
    this.retakes = true;
    this.onLapsed = onLapsed;
    this.orphan = orphan;
    return this;
  }

  /**
   * A renewal that finds the key gone and held by nobody writes this lease to it again ({@link KeyLease#retake}),
   * before the deadline too: until then nobody else can have held the key, so it was emptied under the holder (a new
   * server with an empty store took the old one's place), not lost. For the worker id, whose session then goes on.
   */
  HeldLease retakingWhenGone() {
    this.retakes = true;
    return this;
  }

  /** Renews every {@code millis} (at least 50) instead of every third of the TTL; called before {@link #start()}. */
  HeldLease renewingEvery(long millis) {
    this.renewMillis = Math.max(50, millis);
    return this;
  }

  /** Starts renewing; a lease already past its deadline (acquired by an answer that came late) is lost at once. */
  HeldLease start() {
    held = true;
    scheduleRenewal(renewMillis);
    scheduleDeadline();
    return this;
  }

  KeyLease lease() {
    return lease;
  }

  /** Stops renewing and deletes the key if it is still ours, so it is free at once. */
  Future<Void> release() {
    cancel();
    return lease.release();
  }

  /** Stops renewing and keeps the key: it expires after its TTL. */
  void abandon() {
    cancel();
  }

  private void scheduleRenewal(long delayMs) {
    renewTimer = scheduler.setTimer(delayMs, this::renew);
  }

  /**
   * Renews now rather than at the next renewal (when one is under way, a failure of it is retried at the quick pace):
   * whoever asks learns soon if it still holds, and a lapsed lease is written again as soon as NATS answers.
   */
  void renewNow() {
    if (!held) {
      return;
    }
    // The renewal under way, if any, may have been sent into an outage and fail after it.
    hurryUntil = scheduler.nanoTime() + TimeUnit.MILLISECONDS.toNanos(renewMillis);
    if (!renewing) {
      scheduler.cancelTimer(renewTimer);
      renew();
    }
  }

  private void renew() {
    if (!held) {
      return;
    }
    renewing = true;
    lease.renew().onComplete(ar -> {
      if (!held) {
        renewing = false;
        return;
      }
      if (ar.failed() && ar.cause() instanceof KeyLease.Taken && retakes && ((KeyLease.Taken) ar.cause()).holder == null) {
        lease.retake().onComplete(this::renewed); // gone (expired out of reach, or a new store) and nobody took it: ours again
      } else {
        renewed(ar.mapEmpty());
      }
    });
  }

  private void renewed(io.vertx.core.AsyncResult<Void> ar) {
    renewing = false;
    if (!held) {
      return;
    }
    if (ar.failed() && ar.cause() instanceof KeyLease.Taken && !orphaned(ar.cause())) {
      lost(ar.cause());
    } else if (ar.succeeded()) {
      hurryUntil = Long.MIN_VALUE;
      lapsed = false;
      scheduleDeadline();
      scheduleRenewal(renewMillis);
    } else {
      if (ar.cause() instanceof KeyLease.Taken) {
        hurryUntil = Long.MIN_VALUE; // an orphan holds the key: NATS answered, and there is nothing to hurry for
      }
      // Past the deadline nothing hurries (unless NATS was just found to answer again): retry at the renewal pace
      // rather than every 50 ms through a long outage.
      boolean hurrying = scheduler.nanoTime() < hurryUntil;
      scheduleRenewal(lapsed && !hurrying ? renewMillis : RETRY.delayMs(1, scheduler.random()));
    }
  }

  /** Whether a lapsed lease found its key held by a lease nobody renews (see {@link #lapsing}). */
  private boolean orphaned(Throwable taken) {
    Lease holder = ((KeyLease.Taken) taken).holder;
    return lapsed && holder != null && orphan.test(holder);
  }

  /** Arms the deadline; one already past (an answer that arrived after a long pause) is acted on at once. */
  private void scheduleDeadline() {
    scheduler.cancelTimer(deadlineTimer);
    if (!held) {
      return;
    }
    long left = lease.nanosLeft(marginNanos);
    if (left <= 0) {
      if (lapses) {
        if (!lapsed) {
          lapsed = true;
          onLapsed.run();
        }
        return; // renewals go on; the next that lands arms the deadline again
      }
      lost(new LeaseExpiring(lease.key()));
      return;
    }
    deadlineTimer = scheduler.setTimer(Math.max(1, (left + 999_999) / 1_000_000), this::scheduleDeadline);
  }

  private void lost(Throwable why) {
    cancel();
    onLost.accept(why);
  }

  private void cancel() {
    held = false;
    scheduler.cancelTimer(renewTimer);
    scheduler.cancelTimer(deadlineTimer);
  }
}
