package io.parti.vertx.impl;

import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvException;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;

/**
 * One key held as a lease: acquired with an atomic create, renewed with a revision-checked update, released
 * with a revision-checked delete. The bucket's MaxAge expires it when renewals stop.
 * <p>
 * A write that timed out may still have been applied. When a later check fails, the key is read back: if
 * it holds this lease's nonce, the write was ours and its revision is adopted instead of declaring the
 * lease lost.
 */
final class KeyLease {

  private final KvStore store;
  private final String key;
  private final Lease lease;
  private long revision;
  private long acquiredRevision;

  KeyLease(KvStore store, String key, Lease lease) {
    this.store = store;
    this.key = key;
    this.lease = lease;
  }

  String key() {
    return key;
  }

  /** The revision at acquisition: the leader epoch when this is the leader key. */
  long acquiredRevision() {
    return acquiredRevision;
  }

  /**
   * Tries to take the key. Succeeds with {@code true} when it was free, or held by this same instance
   * (a restart within the lease) and taken over; with {@code false} when someone else holds it.
   */
  Future<Boolean> acquire(boolean takeOverSameInstance) {
    return store.create(key, lease.encode()).map(rev -> {
      acquired(rev);
      return true;
    }).recover(error -> {
      if (!(error instanceof KvException.Conflict)) {
        return Future.failedFuture(error);
      }
      return store.get(key).compose(entry -> {
        Lease holder = holder(entry);
        if (holder != null && holder.nonce().equals(lease.nonce())) {
          acquired(entry.revision());
          return Future.succeededFuture(true);
        }
        if (takeOverSameInstance && holder != null && holder.instance().equals(lease.instance())) {
          return store.update(key, lease.encode(), entry.revision()).map(rev -> {
            acquired(rev);
            return true;
          }).otherwise(false);
        }
        return Future.succeededFuture(false);
      });
    });
  }

  /** Renews the lease; fails with {@link KvException.Conflict} when it was lost. */
  Future<Void> renew() {
    return store.update(key, lease.encode(), revision).<Void>map(rev -> {
      revision = rev;
      return null;
    }).recover(error -> {
      if (!(error instanceof KvException.Conflict)) {
        return Future.failedFuture(error);
      }
      return store.get(key).compose(entry -> {
        Lease holder = holder(entry);
        if (holder != null && holder.nonce().equals(lease.nonce())) {
          revision = entry.revision();
          return Future.succeededFuture();
        }
        return Future.failedFuture(error);
      });
    });
  }

  /** Deletes the key if it is still ours. */
  Future<Void> release() {
    return store.delete(key, revision);
  }

  private void acquired(long rev) {
    revision = rev;
    acquiredRevision = rev;
  }

  private static Lease holder(KvEntry entry) {
    if (entry == null) {
      return null;
    }
    try {
      return Lease.decode(entry.value());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
