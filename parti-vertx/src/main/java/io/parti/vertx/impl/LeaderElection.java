package io.parti.vertx.impl;

import io.parti.vertx.PartiException;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.impl.protocol.Lease;
import io.vertx.core.Future;

/**
 * Leader election on one KV key. The winner of the atomic create is the leader; the key's revision at that
 * moment is its epoch, stamped on every assignment it commits. The leader renews every third of the
 * election timeout and steps down on its own as soon as it can no longer be sure its lease is alive.
 * Followers campaign when the key is deleted (a graceful resign, seen through a watch) and poll for its
 * expiry (a crashed leader: MaxAge expiry produces no watch event). A poll is skipped while the watch showed a write of
 * the key less than half its time to live ago: a live leader writes it every third, so a steady fleet does not poll (a
 * create and a read per poll were most of its KV operations), and after a leader's last write the polls start well
 * before the key's age says it expires (nats-server 2.9 may expire it early: waiting the whole time to live cost the
 * failover half a second).
 * <p>
 * When the death bound is shorter than the lease ({@link Timings#deposesSilentLeader}), the leader renews every
 * fifth of the death bound ({@link Timings#leaderRenewalMillis}), and a follower that sees no renewal for the death
 * bound deposes it: a delete of the key checked against the revision it last saw, which fails if the leader renewed
 * since (a lagging watch deposes nobody). The deposed leader's next renewal fails its revision check and it steps
 * down; the next leader's fencing commit makes any commit it still sends fail. So the lease can stay long enough to
 * ride out a pause while a crash is still taken over within the death bound.
 */
final class LeaderElection {

  static final String KEY = "leader";

  interface Listener {
    void elected(long epoch);

    void deposed();
  }

  private final CoordinatorLog.Source log;
  private final Scheduler scheduler;
  private final KvBucket store;
  private final PartiOptions options;
  private final Wiring wiring;
  private final String workerId;
  private final Listener listener;
  private final LeaderKeyView view;
  private final KvWatch watch;
  /** The lease while this worker leads; read from any thread by {@code isLeader()}. */
  private volatile HeldLease held;
  private boolean campaigning;
  /** Stopped: no campaign, no timer, and a campaign that wins after this gives the key straight back. */
  private boolean stopped;
  private long pollTimer = -1;
  /** When the watch last delivered a write of the key (scheduler time), or MIN_VALUE: it lives about a TTL from its write. */
  private long lastWriteSeen = Long.MIN_VALUE;
  /** The revision of that write: the one a deposing delete is checked against. */
  private long lastRevisionSeen;
  /** Fires when the leader has been silent for the death bound (only when followers depose), or -1. */
  private long deposeTimer = -1;

  LeaderElection(Wiring wiring, String workerId, LeaderKeyView view, Listener listener) {
    this.log = wiring.log().of(LeaderElection.class);
    this.scheduler = wiring.scheduler();
    this.store = wiring.buckets().leader();
    this.options = wiring.options();
    this.wiring = wiring;
    this.workerId = workerId;
    this.listener = listener;
    this.view = view;
    this.watch = store.watch(KEY, this::onLeaderKey);
  }

  boolean isLeader() {
    return held != null;
  }

  /** The revision of the leader key's latest write of this worker's term, 0 when it does not lead. */
  long leaseRevision() {
    HeldLease current = held;
    return current == null ? 0 : current.lease().revision();
  }

  /** Renews the leader key now: a term that found a record of a higher epoch learns at once whether it still leads. */
  void confirmLease() {
    HeldLease current = held;
    if (current != null) {
      current.renewNow();
    }
  }

  Future<Void> start() {
    if (stopped) {
      return Future.succeededFuture();
    }
    long poll = Math.max(100, Math.min(options.getElectionTimeout().toMillis() / 4, 500));
    pollTimer = scheduler.setPeriodic(poll, () -> {
      if (lastWriteSeen == Long.MIN_VALUE || scheduler.nanoTime() - lastWriteSeen >= options.getElectionTimeout().toNanos() / 2) {
        campaign();
      }
    });
    return Retry.whileUnavailable(scheduler, "watch " + options.leaderBucket(), Retry.STARTUP_DEADLINE_MS,
        () -> stopped ? Future.succeededFuture() : watch.start()).onComplete(ar -> campaign());
  }

  /** Gives up leadership (deleting the key, so a follower takes over at once) and stops campaigning. */
  Future<Void> stop() {
    stopped = true;
    scheduler.cancelTimer(pollTimer);
    scheduler.cancelTimer(deposeTimer);
    HeldLease lost = held;
    step(false);
    Future<Void> released = lost == null ? Future.succeededFuture() : lost.release();
    return released.recover(e -> Future.succeededFuture()).compose(v -> watch.close());
  }

  /** Gives up leadership now (the term could not lead) and keeps campaigning. */
  void resign() {
    HeldLease lost = held;
    step(true);
    if (lost != null) {
      lost.release().onFailure(e -> log.debug(() -> "releasing the leader key failed: " + e.getMessage()));
    }
  }

  private void onLeaderKey(KvEntry entry) {
    view.observe(entry.revision());
    scheduler.cancelTimer(deposeTimer);
    deposeTimer = -1;
    if (entry.isRemoval()) {
      lastWriteSeen = Long.MIN_VALUE;
      campaign();
    } else {
      lastWriteSeen = scheduler.nanoTime();
      lastRevisionSeen = entry.revision();
      if (Timings.deposesSilentLeader(options)) {
        awaitRenewal(Timings.detectionBound(options).toMillis());
      }
    }
  }

  /** Deposes the leader if the watch shows no write of its key for {@code millis} (followers only). */
  private void awaitRenewal(long millis) {
    long revision = lastRevisionSeen;
    deposeTimer = scheduler.setTimer(millis, () -> {
      deposeTimer = -1;
      if (stopped || held != null || campaigning || lastRevisionSeen != revision) {
        return;
      }
      long silentMs = (scheduler.nanoTime() - lastWriteSeen) / 1_000_000;
      store.delete(KEY, revision).onComplete(ar -> {
        if (ar.succeeded()) {
          log.info(() -> "deposes the leader: no renewal of its key since revision " + revision + " for " + silentMs + " ms");
          campaign();
        } else if (!(ar.cause() instanceof PartiException.Conflict) && lastRevisionSeen == revision && deposeTimer < 0 && !stopped) {
          // NATS did not answer: try again. (A conflict is a write this watch has not shown yet: it re-arms the timer.)
          log.debug(() -> "deposing the silent leader failed: " + ar.cause().getMessage());
          awaitRenewal(options.getHeartbeatInterval().toMillis());
        }
      });
    });
  }

  private void campaign() {
    if (stopped || held != null || campaigning) {
      return;
    }
    campaigning = true;
    // A nonce of its own per campaign: a lagging replica's answer with the value of an earlier term would otherwise
    // pass for this campaign's create having landed.
    Lease lease = new Lease(workerId, wiring.instance(), wiring.newId(), null);
    KeyLease candidate = new KeyLease(scheduler, store, KEY, lease, options.getElectionTimeout());
    candidate.acquireIfFree().onComplete(ar -> {
      campaigning = false;
      if (ar.failed() || !ar.result()) {
        return;
      }
      if (stopped) {
        candidate.release(); // won after stopping: hand the key straight back rather than leave it to expire
        return;
      }
      HeldLease won = new HeldLease(scheduler, candidate, options.getElectionTimeout(), Timings.leaseMargin(options), why -> {
        log.warning(() -> "steps down: " + why.getMessage());
        held = null;
        listener.deposed();
      }).renewingEvery(Timings.leaderRenewalMillis(options));
      if (candidate.nanosLeft(Timings.leaseMargin(options).toNanos()) <= 0) {
        candidate.release(); // the answer came too late (a long pause): the lease may have expired already
        return;
      }
      held = won.start();
      log.info(() -> "is the leader, epoch " + candidate.acquiredRevision());
      view.observe(candidate.acquiredRevision());
      listener.elected(candidate.acquiredRevision());
    });
  }

  private void step(boolean notify) {
    HeldLease current = held;
    if (current == null) {
      return;
    }
    held = null;
    current.abandon();
    if (notify) {
      listener.deposed();
    }
  }
}
