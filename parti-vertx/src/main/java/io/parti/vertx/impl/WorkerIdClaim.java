package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvException;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/**
 * Claims the lowest free stable worker id ({@code <prefix>-<n>}), renews it every third of its TTL and
 * reports its loss. Losing the id (a renewal found another revision) means another process may now hold
 * it, so the owner must stop everything at once.
 */
final class WorkerIdClaim {

  private static final System.Logger LOG = System.getLogger(WorkerIdClaim.class.getName());
  /** How long a claim keeps trying while NATS cannot answer yet (a bucket that was just created, say). */
  static final long STARTUP_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final KvStore store;
  private final PartiOptions options;
  private final String instance;
  private final Runnable onLost;
  private KeyLease lease;
  private long timer = -1;
  private long deadline = -1;
  private long claimSent;

  WorkerIdClaim(Vertx vertx, KvStore store, PartiOptions options, String instance, Runnable onLost) {
    this.vertx = vertx;
    this.store = store;
    this.options = options;
    this.instance = instance;
    this.onLost = onLost;
  }

  /** Claims an id and starts renewing it; completes with the id. */
  Future<String> claim() {
    return claimFrom(options.getWorkerIdMin()).onSuccess(id -> {
      renewed(claimSent);
      schedule();
    });
  }

  /** Stops renewing and deletes the id, so it is free at once. */
  Future<Void> release() {
    cancel();
    KeyLease held = lease;
    lease = null;
    return held == null ? Future.succeededFuture() : held.release();
  }

  /** Stops renewing and keeps the key: it expires after its TTL (used when the id is already lost). */
  void abandon() {
    cancel();
    lease = null;
  }

  private Future<String> claimFrom(int n) {
    if (n > options.getWorkerIdMax()) {
      return Future.failedFuture(new IllegalStateException("no free worker id: all of "
          + options.getWorkerIdPrefix() + "-" + options.getWorkerIdMin() + ".." + options.getWorkerIdMax()
          + " are held (raise workerIdMax)"));
    }
    String id = options.getWorkerIdPrefix() + "-" + n;
    KeyLease candidate = new KeyLease(store, id, new Lease(id, instance, UUID.randomUUID().toString()));
    return Retry.whileUnavailable(vertx, "claiming " + id, STARTUP_RETRY_MS, () -> {
      claimSent = System.nanoTime();
      return candidate.acquire(true);
    }).compose(won -> {
      if (won) {
        lease = candidate;
        return Future.succeededFuture(id);
      }
      return claimFrom(n + 1);
    });
  }

  private void schedule() {
    timer = vertx.setTimer(Math.max(100, options.getWorkerIdTtl().toMillis() / 3), t -> renew());
  }

  private void renew() {
    KeyLease held = lease;
    if (held == null) {
      return;
    }
    long sent = System.nanoTime();
    held.renew().onComplete(ar -> {
      if (lease != held) {
        return;
      }
      if (ar.succeeded()) {
        renewed(sent);
      }
      if (ar.failed() && ar.cause() instanceof KvException.Conflict) {
        LOG.log(System.Logger.Level.WARNING, "worker id " + held.key() + " was lost: its lease moved on");
        abandon();
        onLost.run();
        return;
      }
      if (ar.failed()) {
        LOG.log(System.Logger.Level.DEBUG, "renewing worker id " + held.key() + " failed, retrying: " + ar.cause());
      }
      schedule();
    });
  }

  /**
   * A write of the lease that was sent at {@code sent} landed: the server keeps the key until at least
   * {@code sent + TTL}. If no later renewal lands by then (less one operation timeout of margin), the key may
   * expire and be claimed by another process, so the id counts as lost before that can happen: a worker
   * never runs its partitions past its lease.
   */
  private void renewed(long sent) {
    vertx.cancelTimer(deadline);
    long left = sent + options.getWorkerIdTtl().minus(options.getOperationTimeout()).toNanos() - System.nanoTime();
    KeyLease held = lease;
    deadline = vertx.setTimer(Math.max(1, left / 1_000_000), t -> {
      if (lease == held && held != null) {
        LOG.log(System.Logger.Level.WARNING, "worker id " + held.key() + " could not be renewed within its TTL: it may expire, giving it up");
        abandon();
        onLost.run();
      }
    });
  }

  private void cancel() {
    vertx.cancelTimer(deadline);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
