package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvException;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/**
 * Leader election on one KV key. The winner of the atomic create is the leader; the key's revision at that
 * moment is its epoch, stamped on every assignment it commits. The leader renews every third of the
 * election timeout and steps down on its own as soon as it can no longer be sure its lease is alive.
 * Followers campaign when the key is deleted (a graceful resign, seen through a watch) and poll for its
 * expiry (a crashed leader: MaxAge expiry produces no watch event).
 */
final class LeaderElection {

  static final String KEY = "leader";
  private static final System.Logger LOG = System.getLogger(LeaderElection.class.getName());

  interface Listener {
    void elected(long epoch);

    void deposed();
  }

  private final Vertx vertx;
  private final KvStore store;
  private final PartiOptions options;
  private final Lease lease;
  private final Listener listener;
  private final KvWatch watch;
  private KeyLease held;
  private boolean campaigning;
  private boolean stopped;
  private long lastRenewed;
  private long pollTimer = -1;
  private long renewTimer = -1;

  LeaderElection(Vertx vertx, Context context, KvStore store, PartiOptions options, String workerId, String instance, Listener listener) {
    this.vertx = vertx;
    this.store = store;
    this.options = options;
    this.lease = new Lease(workerId, instance, UUID.randomUUID().toString());
    this.listener = listener;
    this.watch = new KvWatch(store, KEY, context, this::onLeaderKey);
  }

  boolean isLeader() {
    return held != null;
  }

  Future<Void> start() {
    long poll = Math.max(100, Math.min(options.getElectionTimeout().toMillis() / 4, 500));
    pollTimer = vertx.setPeriodic(poll, t -> campaign());
    return watch.start().onComplete(ar -> campaign());
  }

  /** Gives up leadership (deleting the key, so a follower takes over at once) and stops campaigning. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    KeyLease lost = held;
    step(false);
    Future<Void> released = lost == null ? Future.succeededFuture() : lost.release();
    return released.recover(e -> Future.succeededFuture()).compose(v -> watch.close());
  }

  /** Gives up leadership now (the term could not lead) and keeps campaigning. */
  void resign() {
    KeyLease lost = held;
    step(true);
    if (lost != null) {
      lost.release().onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "releasing the leader key failed: " + e.getMessage()));
    }
  }

  private void onLeaderKey(KvEntry entry) {
    if (entry.isRemoval()) {
      campaign();
    }
  }

  private void campaign() {
    if (stopped || held != null || campaigning) {
      return;
    }
    campaigning = true;
    KeyLease candidate = new KeyLease(store, KEY, lease);
    candidate.acquire(false).onComplete(ar -> {
      campaigning = false;
      if (stopped || ar.failed() || !ar.result()) {
        return;
      }
      held = candidate;
      lastRenewed = System.nanoTime();
      renewTimer = vertx.setPeriodic(Math.max(50, options.getElectionTimeout().toMillis() / 3), t -> renew());
      LOG.log(System.Logger.Level.INFO, lease.workerId() + " is the leader, epoch " + candidate.acquiredRevision());
      listener.elected(candidate.acquiredRevision());
    });
  }

  private void renew() {
    KeyLease current = held;
    current.renew().onComplete(ar -> {
      if (held != current) {
        return;
      }
      if (ar.succeeded()) {
        lastRenewed = System.nanoTime();
      } else if (ar.cause() instanceof KvException.Conflict) {
        LOG.log(System.Logger.Level.WARNING, lease.workerId() + " lost the leadership: the lease moved on");
        step(true);
      } else if (System.nanoTime() - lastRenewed > safeLeaseNanos()) {
        // The server may expire the lease any moment now: stop acting as leader before it can.
        LOG.log(System.Logger.Level.WARNING, lease.workerId() + " steps down: cannot renew the lease (" + ar.cause() + ")");
        step(true);
      }
    });
  }

  private long safeLeaseNanos() {
    return options.getElectionTimeout().minus(options.getOperationTimeout()).toNanos();
  }

  private void step(boolean notify) {
    if (held == null) {
      return;
    }
    held = null;
    vertx.cancelTimer(renewTimer);
    if (notify) {
      listener.deposed();
    }
  }
}
