package io.parti.vertx.impl;

import io.parti.vertx.DegradedPolicy;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;

import java.util.function.BiFunction;

/**
 * Claims the lowest free stable worker id ({@code <prefix>-<n>}), renews it every third of its TTL and reports
 * its loss. Losing the id (a renewal found another holder, or none landed in time) means another process may now
 * hold it, so the owner must stop everything at once.
 * <p>
 * A restarted process with a stable {@code instanceId} takes its id over from its own predecessor. Two live
 * processes with one {@code instanceId} would take it from each other forever, so a claim that lost its id to a
 * holder of its own instance id never takes an id over again: it logs the duplicate and claims a free one.
 * <p>
 * A claim attempt that another session made and walked away from can land on the key late, once it is free; its holder
 * waits for it to expire instead of giving the id up (see {@code orphan}).
 */
final class WorkerIdClaim {

  private final CoordinatorLog.Source log;
  private final Wiring wiring;
  private final Scheduler scheduler;
  private final PartiOptions options;
  private final boolean takeOver;
  private final String session;
  private final Runnable onLost;
  /** The id other than the given one that a session holds, as far as this worker knows, or null. */
  private final BiFunction<String, String, String> otherIdOf;
  /** The nonce of the last orphan lease met on the id key: it is logged once. */
  private String orphanLogged;
  private HeldLease held;
  private boolean lostToTwin;
  private boolean closed;

  /**
   * @param takeOver whether an id held by this same instance id may be taken over (false once a twin was seen)
   * @param session  the worker session claiming: written into the lease, so a successor can name it
   * @param otherIdOf the id other than the given one that a session holds, as far as this worker knows (from the
   *                 assignment it applied), or null
   */
  WorkerIdClaim(Wiring wiring, boolean takeOver, String session, BiFunction<String, String, String> otherIdOf,
                Runnable onLost) {
    this.log = wiring.log().of(WorkerIdClaim.class);
    this.wiring = wiring;
    this.scheduler = wiring.scheduler();
    this.options = wiring.options();
    this.takeOver = takeOver;
    this.session = session;
    this.otherIdOf = otherIdOf;
    this.onLost = onLost;
  }

  /**
   * Claims an id and starts renewing it; completes with the id. {@code previous}, the id this process held before
   * (its last session's, lost in an outage), is tried first: a fleet that comes back from an outage longer than the
   * lease keeps its ids, and so, through the strategy, its assignment. {@code null} claims the lowest free id.
   */
  Future<String> claim(String previous) {
    int n = previous == null ? -1 : indexOf(previous);
    if (n < 0) {
      return walk();
    }
    return attempt(n, true, Long.MAX_VALUE, this::walk);
  }

  /** The {@code n} of {@code <prefix>-<n>} when it is within the configured range, else -1. */
  private int indexOf(String id) {
    String prefix = options.getWorkerIdPrefix() + "-";
    if (!id.startsWith(prefix)) {
      return -1;
    }
    try {
      int n = Integer.parseInt(id.substring(prefix.length()));
      return n >= options.getWorkerIdMin() && n <= options.getWorkerIdMax() ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The revision of the id key when it was claimed: a later claim of the same id has a higher one. */
  long claimRevision() {
    return held == null ? 0 : held.lease().acquiredRevision();
  }

  /** The session whose live lease of the id this claim took over (a restart within its TTL), or null. */
  String supersededSession() {
    return held == null || held.lease().superseded() == null ? null : held.lease().superseded().session();
  }

  /**
   * Renews the id lease now: NATS answers again after a silence, and a lease that lapsed meanwhile is written again (or
   * found taken) at once rather than at the next renewal, up to a third of its TTL later.
   */
  void renewNow() {
    if (held != null) {
      held.renewNow();
    }
  }

  /** Whether the id is held now: claimed, and neither released, abandoned nor lost. */
  boolean holds() {
    return held != null;
  }

  /** Whether the id was lost to another live process with this same instance id. */
  boolean lostToTwin() {
    return lostToTwin;
  }

  /** Stops renewing and deletes the id, so it is free at once; a claim still under way is released when it lands. */
  Future<Void> release() {
    closed = true;
    HeldLease current = held;
    held = null;
    return current == null ? Future.succeededFuture() : current.release();
  }

  /** Stops renewing and keeps the key: it expires after its TTL (used when the id is already lost). */
  void abandon() {
    closed = true;
    HeldLease current = held;
    held = null;
    if (current != null) {
      current.abandon();
    }
  }

  /**
   * Walks up from the lowest id. Ids the server reports written after the bucket's last revision when the walk began
   * are held (or were released while it walked): a create that finds one fails without reading whether the key holds
   * a delete marker, which halves the round trips of the claimers of a fleet started together. With a configured
   * instance id every held id is read anyway, for a lease of its own.
   */
  private Future<String> walk() {
    int first = options.getWorkerIdMin();
    if (wiring.configuredInstance()) {
      return claimFrom(first, Long.MAX_VALUE);
    }
    // Asked alongside the first create, so a walk that ends there (a lone restart) waits for no extra round trip; a
    // failure to answer only costs the reads it would have saved.
    Future<Long> since = wiring.buckets().ids().lastRevision().otherwise(Long.MAX_VALUE);
    return attempt(first, false, Long.MAX_VALUE, () -> since.compose(revision -> claimFrom(first + 1, revision)));
  }

  private Future<String> claimFrom(int n, long since) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the worker session was closed while claiming an id"));
    }
    if (n > options.getWorkerIdMax()) {
      return Future.failedFuture(new IllegalStateException("no free worker id: all of "
          + options.getWorkerIdPrefix() + "-" + options.getWorkerIdMin() + ".." + options.getWorkerIdMax()
          + " are held (raise workerIdMax)"));
    }
    // An instance id made up for this process is shared by no other, and the id of its own last session is tried
    // first (claim(previous)): a held id met on the way up is someone else's, so its holder is not read. (Workers
    // started together each walk up past all the ids claimed before them: the read made each step three round trips,
    // the failed create's own two and this one.)
    return attempt(n, wiring.configuredInstance(), since, () -> claimFrom(n + 1, since));
  }

  /**
   * Tries to claim {@code <prefix>-<n>}; when someone else holds it, goes on with {@code otherwise}. {@code mayBeOurs}:
   * the id may be held by this same instance id, which takes it over (unless a twin was seen). {@code since}: the key
   * counts as held when written after this revision (see {@link #walk}).
   */
  private Future<String> attempt(int n, boolean mayBeOurs, long since, java.util.function.Supplier<Future<String>> otherwise) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the worker session was closed while claiming an id"));
    }
    String id = options.getWorkerIdPrefix() + "-" + n;
    KeyLease candidate = new KeyLease(scheduler, wiring.buckets().ids(), id, new Lease(id, wiring.instance(), wiring.newId(), session),
        options.getWorkerIdTtl());
    return Retry.whileUnavailable(scheduler, "claiming " + id, Retry.STARTUP_DEADLINE_MS,
            () -> mayBeOurs && takeOver ? candidate.acquireOrTakeOverOwn() : candidate.acquireIfFree(since))
        .compose(won -> {
          if (!won) {
            return otherwise.get();
          }
          if (closed) {
            // Closed while the claim was in flight: give the id back rather than hold it with nobody renewing. (The
            // release is a write after since: the next try reads the key, or it would pass over the id it freed.)
            return candidate.release().transform(ar -> attempt(n, mayBeOurs, Long.MAX_VALUE, otherwise));
          }
          if (candidate.nanosLeft(Timings.leaseMargin(options).toNanos()) <= 0) {
            // The answer came too late (a long pause): the claim may already have expired. Claim again, reading the key
            // whose delete marker is this release's.
            return candidate.release().transform(ar -> attempt(n, mayBeOurs, Long.MAX_VALUE, otherwise));
          }
          held = new HeldLease(scheduler, candidate, options.getWorkerIdTtl(), Timings.leaseMargin(options), this::lost)
              .retakingWhenGone();
          if (options.getDegradedPolicy() == DegradedPolicy.KEEP_RUNNING) {
            held.lapsing(() -> log.warning(() -> "the lease of worker id " + id + " passed its deadline out of reach of NATS;"
                + " its partitions keep running (degradedPolicy KEEP_RUNNING), and it takes the id again once NATS answers"),
                holder -> orphan(id, holder));
          }
          held.start();
          return Future.succeededFuture(id);
        });
  }

  /**
   * Whether {@code holder}, found on the key of {@code id} after this claim's lease lapsed, is a claim attempt nobody
   * renews: one of a session that holds another id. That session tried this id first; the try went unanswered, so it
   * tried again, met this claim's lease and walked on, and the first try landed later, once the key was free (this
   * lease had lapsed in an outage; a nats-server 2.9 cluster did it after two of its nodes restarted). Nobody acts as
   * its holder and it expires, so the holder waits for that rather than give its id and session up. A session the
   * applied assignment does not name under another id may be a real holder: that one is not waited for. (Logs the
   * first time it meets each such lease.)
   */
  private boolean orphan(String id, Lease holder) {
    String otherId = holder.session() == null ? null : otherIdOf.apply(holder.session(), id);
    if (otherId != null && !holder.nonce().equals(orphanLogged)) {
      orphanLogged = holder.nonce();
      log.warning(() -> "worker id " + id + " is held by a claim attempt of session " + holder.session() + ", which holds "
          + otherId + ", that landed late: nobody renews it, so this worker keeps the id and writes it again once that expires");
    }
    return otherId != null;
  }

  private void lost(Throwable why) {
    String id = held.lease().key();
    if (why instanceof KeyLease.Taken && ((KeyLease.Taken) why).holder != null
        && ((KeyLease.Taken) why).holder.instance().equals(wiring.instance())) {
      lostToTwin = true;
      log.error(() -> "worker id " + id + " was taken over by another live process with"
          + " instanceId " + wiring.instance() + ": two processes must not share an instanceId; this one joins under a free id");
    } else {
      log.warning(() -> "worker id " + id + " was lost: " + why.getMessage());
    }
    held = null;
    closed = true;
    onLost.run();
  }
}
