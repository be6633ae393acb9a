package io.parti.vertx.impl;

import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.PartiException;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * One key held as a lease: acquired with an atomic create, renewed with a revision-checked update, released
 * with a revision-checked delete. The bucket's MaxAge expires it when renewals stop.
 * <p>
 * Each lease is one acquisition with a nonce of its own. A renewal that timed out may still have been applied: when a
 * later check fails, the key is read back, and if it holds this lease's nonce (in a revision past its own last write)
 * one of its own writes landed and its revision is adopted instead of declaring the lease lost.
 * <p>
 * It also knows how long the key surely lives: a write that landed keeps the key for the bucket's MaxAge from its
 * landing, so at least from its send. An answered write proves itself; an adopted one could be any write still
 * unanswered, so the earliest of those counts.
 */
final class KeyLease {

  /** The lease was taken by another holder; {@code holder} is what the key holds now (null if unreadable or gone). */
  static final class Taken extends PartiException {
    final Lease holder;

    Taken(String key, Lease holder) {
      super(key + " is held by " + (holder == null ? "someone else" : holder.instance() + " (" + holder.nonce() + ")"), null);
      this.holder = holder;
    }
  }

  private final Scheduler scheduler;
  private final KvBucket store;
  private final String key;
  private final Lease lease;
  private final long ttlNanos;
  private long revision;
  private long acquiredRevision;
  /** The live lease of this same instance that the acquisition took over, or null. */
  private Lease superseded;
  /** The send time of the latest write known to have landed. */
  private long landedSentAt = Long.MIN_VALUE;
  /** The send time of the earliest write not answered since then, or -1. */
  private long unansweredSince = -1;

  KeyLease(Scheduler scheduler, KvBucket store, String key, Lease lease, java.time.Duration ttl) {
    this.scheduler = scheduler;
    this.store = store;
    this.key = key;
    this.lease = lease;
    this.ttlNanos = ttl.toNanos();
  }

  String key() {
    return key;
  }

  Lease lease() {
    return lease;
  }

  /**
   * The revision of this lease's latest write known to have landed. Every write after the acquisition checks the one
   * before it, so nobody else wrote the key between the acquisition and this revision.
   */
  long revision() {
    return revision;
  }

  /** The revision at acquisition: the leader epoch when this is the leader key, the claim of a worker id. */
  long acquiredRevision() {
    return acquiredRevision;
  }

  /** The live lease of this same instance that the acquisition took over (a restart within its TTL), or null. */
  Lease superseded() {
    return superseded;
  }

  /**
   * How long from now the key surely still holds this lease, as far as its writes tell, less {@code marginNanos};
   * zero or less when it may be gone (also when no write of its own is known to have landed).
   */
  long nanosLeft(long marginNanos) {
    return landedSentAt == Long.MIN_VALUE ? 0 : landedSentAt + ttlNanos - marginNanos - scheduler.nanoTime();
  }

  /**
   * Tries to take the key, also from a live lease of this same instance (a restart within the lease). Succeeds with
   * {@code true} when it was free or so taken over; with {@code false} when another instance holds it, or when the
   * takeover's write was refused or not answered.
   */
  Future<Boolean> acquireOrTakeOverOwn() {
    return create(true, Long.MAX_VALUE, entry -> {
      Lease holder = holder(entry);
      if (holder != null && holder.instance().equals(lease.instance())) {
        long takeover = scheduler.nanoTime();
        return track(takeover, store.update(key, lease.encode(), entry.revision())).map(rev -> {
          acquired(rev);
          superseded = holder;
          return true;
        }).otherwise(false);
      }
      return Future.succeededFuture(false);
    });
  }

  /**
   * Tries to take the key only if it is free: {@code false} when anyone else holds it, without reading who (a claim
   * or a campaign that could not take it over anyway saves the read), unless an earlier try of this lease went
   * unanswered.
   */
  Future<Boolean> acquireIfFree() {
    return acquireIfFree(Long.MAX_VALUE);
  }

  /**
   * The same, and a key written after revision {@code after} is taken for held without reading whether its last entry
   * is a delete marker (see {@link KvBucket#createUnlessWrittenAfter}).
   */
  Future<Boolean> acquireIfFree(long after) {
    return create(false, after, entry -> Future.succeededFuture(false));
  }

  /**
   * Creates the key with this lease. On a conflict the holder is read when {@code readHolder}, or when an earlier try
   * of this lease went unanswered: its nonce there means that try landed, and the key is ours. Anyone else's lease
   * goes to {@code heldByOther}. (The nonce is this lease's alone, so a lagging replica can show an earlier lease of
   * the same worker or instance, never this one before it was written.)
   */
  private Future<Boolean> create(boolean readHolder, long after, Function<KvEntry, Future<Boolean>> heldByOther) {
    boolean triedUnanswered = unansweredSince >= 0;
    long sent = scheduler.nanoTime();
    return track(sent, store.createUnlessWrittenAfter(key, lease.encode(), after)).map(rev -> {
      acquired(rev);
      return true;
    }).recover(error -> {
      if (!(error instanceof PartiException.Conflict)) {
        return Future.failedFuture(error);
      }
      if (!readHolder && !triedUnanswered) {
        return Future.succeededFuture(false);
      }
      return store.get(key).compose(entry -> {
        if (triedUnanswered && ours(entry)) {
          adopted(entry);
          acquired(entry.revision());
          return Future.succeededFuture(true);
        }
        return heldByOther.apply(entry);
      });
    });
  }

  /** Renews the lease; fails with {@link Taken} when it was lost. */
  Future<Void> renew() {
    return write(() -> store.update(key, lease.encode(), revision), entry -> {
      if (entry != null && entry.revision() <= revision) {
        // A replica behind this lease's own last write answered. An old value of ours carries our nonce too, so
        // it proves nothing: ask again rather than take a write for landed, or the lease for lost.
        return Future.failedFuture(new PartiException.Unavailable(key + ": the read-back after a conflict returned revision "
            + entry.revision() + ", not past this lease's own " + revision, null));
      }
      return adoptedOrTaken(entry);
    });
  }

  /**
   * Writes this same lease to a key that lost it by expiry (nobody holds it now): the holder lapsed, out of reach of
   * NATS past its deadline, and keeps its session. Fails with {@link Taken} when someone else holds the key. The
   * revision of the acquisition stays: the claim the lease was taken with does not change.
   */
  Future<Void> retake() {
    return write(() -> store.create(key, lease.encode()), this::adoptedOrTaken);
  }

  /** Sends a write of this lease; on a revision conflict, reads the key back and lets {@code afterConflict} decide. */
  private Future<Void> write(java.util.function.Supplier<Future<Long>> send, Function<KvEntry, Future<Void>> afterConflict) {
    long sent = scheduler.nanoTime();
    return track(sent, send.get()).<Void>map(rev -> {
      revision = rev;
      return null;
    }).recover(error -> error instanceof PartiException.Conflict ? store.get(key).compose(afterConflict) : Future.failedFuture(error));
  }

  /** The key after a conflict: our own write whose answer was lost (adopted), or someone else's ({@link Taken}). */
  private Future<Void> adoptedOrTaken(KvEntry entry) {
    if (ours(entry)) {
      adopted(entry);
      return Future.succeededFuture();
    }
    return Future.failedFuture(new Taken(key, holder(entry)));
  }

  /** Deletes the key if it is still ours. */
  Future<Void> release() {
    return store.delete(key, revision);
  }

  /** Notes when a write was sent, and whether its answer proves it landed. */
  private Future<Long> track(long sent, Future<Long> write) {
    return write.onComplete(ar -> {
      if (ar.succeeded()) {
        landedSentAt = Math.max(landedSentAt, sent);
        unansweredSince = -1;
      } else if (!(ar.cause() instanceof PartiException.Conflict) && unansweredSince < 0) {
        unansweredSince = sent;
      }
    });
  }

  private void acquired(long rev) {
    revision = rev;
    acquiredRevision = rev;
  }

  /** One of our unanswered writes landed; we cannot tell which, so the earliest counts. */
  private void adopted(KvEntry entry) {
    revision = entry.revision();
    if (unansweredSince >= 0) {
      landedSentAt = Math.max(landedSentAt, unansweredSince);
      unansweredSince = -1;
    }
  }

  /** Whether the key holds this very lease: a write of ours whose answer was lost. */
  private boolean ours(KvEntry entry) {
    Lease holder = holder(entry);
    return holder != null && holder.nonce().equals(lease.nonce());
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
