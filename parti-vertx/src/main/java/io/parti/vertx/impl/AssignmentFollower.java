package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.shared.RetryPolicy;
import io.parti.vertx.impl.kv.Retry;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.ImplausibleRecord;
import io.parti.vertx.impl.protocol.Slot;
import io.vertx.core.Future;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies committed assignments on this worker, one at a time and only ever newer versions: stops the
 * partitions it lost (waiting for their drain), starts the ones it gained, then reports the version as
 * applied, which is the release receipt the leader waits for.
 */
final class AssignmentFollower {

  static final String KEY = "assignment";
  /** Re-reading the record after a failure: about a second, jittered so that workers do not read in step. */
  private static final RetryPolicy RETRY = RetryPolicy.steady(1000);

  interface Listener {
    void applied(AssignmentRecord record, List<String> added, List<String> removed);

    /**
     * The record was deleted or purged (by an operator), or overwritten with one nobody can use (malformed, or a
     * version no leader wrote), at {@code revision}: followers keep what they run; a leader writes it back.
     */
    void recordRemoved(long revision);

    /** A record landed at {@code revision}: a leader learns of its own writes that landed after it gave up on them. */
    void recordStored(AssignmentRecord record, long revision);
  }

  /** A decoded record, the revision it is stored at, and this worker's share of it. */
  private record Decoded(AssignmentRecord record, long revision, SortedMap<String, Slot> owned) {
    long version() {
      return record.version();
    }
  }

  private final CoordinatorLog.Source log;
  private final Scheduler scheduler;
  private final PartiOptions options;
  private final PartitionRunner runner;
  private final PartiMetrics metrics;
  private final String workerId;
  private final String session;
  private final Listener listener;
  private final KvWatch watch;
  private final KvBucket store;
  private final LeaderKeyView leaderKey;
  /** The leader bucket: read when a record's epoch is above what the election's watch of it has seen. */
  private final KvBucket leaderStore;
  /** The last record applied, or {@code null} before the first. */
  private Decoded applied;
  /** The newest record seen (by the watch or a read), not applied yet; {@code null} when there is none. */
  private Decoded pending;
  /** The newest record seen at all: a read answered by a lagging replica never takes this worker back before it. */
  private Decoded newest;
  /** A newer record whose epoch is not placed (see {@code placed}), held back; {@code null} when there is none. */
  private Decoded unplaced;
  /** The unplaced record was refused (logged, counted, and the leader told). */
  private boolean unplacedRefused;
  private long unplacedTimer = -1;
  /** A read of the leader key for the unplaced record is under way or scheduled. */
  private boolean probing;
  private boolean applying;
  private boolean paused;
  private boolean stopped;
  private long retryTimer = -1;

  AssignmentFollower(Wiring wiring, PartitionRunner runner, String workerId, String session, LeaderKeyView leaderKey,
                     Listener listener) {
    this.log = wiring.log().of(AssignmentFollower.class);
    this.scheduler = wiring.scheduler();
    this.options = wiring.options();
    this.metrics = wiring.metrics();
    this.store = wiring.buckets().assignments();
    this.runner = runner;
    this.workerId = workerId;
    this.session = session;
    this.listener = listener;
    this.leaderKey = leaderKey;
    this.leaderStore = wiring.buckets().leader();
    leaderKey.listen(this::placeUnplaced);
    this.watch = store.watch(KEY, this::onEntry);
  }

  Future<Void> start() {
    return Retry.whileUnavailable(scheduler, "watch " + options.assignmentBucket(), Retry.STARTUP_DEADLINE_MS,
        () -> stopped ? Future.succeededFuture() : watch.start());
  }

  Future<Void> stop() {
    stopped = true;
    scheduler.cancelTimer(retryTimer);
    scheduler.cancelTimer(unplacedTimer);
    return watch.close();
  }

  /** The partitions this worker owns in the last applied assignment. */
  SortedMap<String, Slot> appliedOwned() {
    return applied == null ? new TreeMap<>() : applied.owned();
  }

  /** Whether the record applied last has a partition in the middle of a hand-off (revoked, not yet granted). */
  boolean appliedHandOffPending() {
    return applied != null && applied.record().slots().values().stream().anyMatch(slot -> slot.releasing() != null);
  }

  long appliedVersion() {
    return applied == null ? 0 : applied.record().version();
  }

  /** The record applied last, or {@code null}. */
  AssignmentRecord appliedRecord() {
    return applied == null ? null : applied.record();
  }

  /** Applies nothing until {@link #resume()}. */
  void pause() {
    paused = true;
  }

  /**
   * Applies again, from a fresh read of the assignment, even if its version is the one already applied: after the
   * partitions were paused, the cached record may say nothing about what runs here now. A read older than a
   * record already seen (a lagging replica) gives way to that record; a read that fails is retried.
   */
  void resume() {
    paused = false;
    store.get(KEY).onComplete(ar -> {
      if (paused || stopped) {
        return;
      }
      if (ar.failed()) {
        log.debug(() -> "re-reading the assignment failed, retrying: " + ar.cause().getMessage());
        scheduler.setTimer(RETRY.delayMs(1, scheduler.random()), this::resume);
        return;
      }
      KvEntry entry = ar.result();
      if (entry == null) {
        reapply(null);
        return;
      }
      long known = knownVersion();
      OffLoop.run(scheduler, entry.value().length > OffLoop.BYTES_INLINE, () -> decode(entry, known)).onComplete(decoded -> {
        if (decoded.failed()) {
          ignore(entry, decoded.cause());
          reapply(null);
        } else if (placed(decoded.result())) {
          reapply(decoded.result());
        } else {
          unplaced(decoded.result()); // taken once placed: re-applying an older record meanwhile could restart a moved partition
        }
      });
    });
  }

  /**
   * Applies the newer of a fresh read and the newest record seen, even if it is the one already applied; unless a newer
   * record waits to be placed: that one is applied once placed, and an older one must not run meanwhile (it may grant
   * partitions the newer one moved on).
   */
  private void reapply(Decoded read) {
    if (paused || stopped) {
      return;
    }
    Decoded latest = newer(read, newest);
    if (unplaced != null && (latest == null || unplaced.version() > latest.version())) {
      return;
    }
    if (latest != null) {
      newest = latest;
      pending = latest;
      applyNext();
    }
  }

  private void onEntry(KvEntry entry) {
    if (entry.isRemoval()) {
      listener.recordRemoved(entry.revision());
      return;
    }
    // Out-of-order completions (a large record decoded off the event loop) are harmless: only newer
    // versions are ever applied.
    long known = knownVersion();
    OffLoop.run(scheduler, entry.value().length > OffLoop.BYTES_INLINE, () -> decode(entry, known)).onComplete(ar -> {
      if (ar.succeeded() && placed(ar.result())) {
        log.handoffStep("record-delivered", null, ar.result().record().version());
        listener.recordStored(ar.result().record(), entry.revision());
        offer(ar.result());
      } else if (ar.succeeded()) {
        unplaced(ar.result());
      } else {
        ignore(entry, ar.cause());
        listener.recordRemoved(entry.revision());
      }
    });
  }

  /**
   * Decodes a record and takes this worker's share, unless the share was granted to an earlier holder of the id.
   * A record whose version no leader can have written ({@link ImplausibleRecord}) is refused like a malformed one.
   */
  private Decoded decode(KvEntry entry, long known) {
    AssignmentRecord record = AssignmentCodec.decode(entry.value());
    ImplausibleRecord.check(record, entry.revision(), known);
    return new Decoded(record, entry.revision(), record.grantsFor(workerId, session) ? record.ownedBy(workerId) : new TreeMap<>());
  }

  /**
   * Whether a record's epoch is one a leader can have written, as far as this worker can tell without a read: epochs
   * never go back (an older epoch stored after a newer one waits to be judged by {@link #judgeOlder}; a store created
   * anew, told by revisions that went back, counts epochs from the start again), and none is above the leader key's
   * newest revision (see {@link LeaderKeyView}). Old versions pass: they are ignored anyway.
   */
  private boolean placed(Decoded decoded) {
    long epoch = decoded.record().leaderEpoch();
    if (newest == null || decoded.version() <= knownVersion() || epoch == newest.record().leaderEpoch()) {
      return true;
    }
    if (epoch < newest.record().leaderEpoch()) {
      return decoded.revision() < newest.revision();
    }
    return leaderKey.reached(epoch);
  }

  /**
   * Holds back a record whose epoch is not placed, and reads the leader bucket until it is judged: a higher epoch is
   * taken once the leader key reaches it, and refused when it has not within an election timeout (it stays held: a key
   * that gets there later places it still). An older epoch is refused as soon as the leader bucket is found to still
   * reach the newer one; it is taken when the bucket does not any more (see {@link #judgeOlder}).
   */
  private void unplaced(Decoded decoded) {
    if (unplaced != null && unplaced.version() >= decoded.version()) {
      return;
    }
    unplaced = decoded;
    unplacedRefused = false;
    scheduler.cancelTimer(unplacedTimer);
    unplacedTimer = scheduler.setTimer(options.getElectionTimeout().toMillis(), this::refuseUnplaced);
    probeLeaderBucket();
  }

  /** Whether a record's epoch is below that of the newest record seen. */
  private boolean older(Decoded decoded) {
    return decoded.record().leaderEpoch() < newest.record().leaderEpoch();
  }

  /**
   * Reads the leader bucket while a record waits for its epoch to be judged: the election's watch of the key can be
   * stalled for a while (a stream leader lost, a consumer being recreated), and the record must not wait for it. Every
   * quarter of a second, and every second once the record was refused (it is taken still when the bucket says so).
   */
  private void probeLeaderBucket() {
    if (probing || stopped || unplaced == null) {
      return;
    }
    probing = true;
    Future<Void> read = older(unplaced) ? leaderStore.lastRevision().map(last -> {
      judgeOlder(last);
      return null;
    }) : leaderStore.latest(LeaderElection.KEY).map(entry -> {
      if (entry != null) {
        leaderKey.observe(entry.revision());
      }
      return null;
    });
    read.onComplete(ar -> {
      probing = unplaced != null && !stopped;
      if (probing) {
        scheduler.setTimer(unplacedRefused ? 1000 : 250, () -> {
          probing = false;
          probeLeaderBucket();
        });
      }
    });
  }

  /**
   * Judges a record of an older epoch stored after a newer one, by the leader bucket's last revision as its stream
   * leader answers. While the bucket reaches the newer epoch, the older record is nobody's: once a leader's fencing
   * commit landed, an older leader's writes fail their revision check. When the bucket no longer reaches it, the bucket
   * lost the newer term's history (a replicated stream that came back behind after a node kill, or one created anew):
   * nobody holds that epoch any more, and the leader of the older epoch, which the bucket does reach, is followed.
   */
  private void judgeOlder(long leaderBucketRevision) {
    Decoded held = unplaced;
    if (held == null || stopped || !older(held)) {
      return;
    }
    if (leaderBucketRevision >= newest.record().leaderEpoch()) {
      refuseUnplaced();
    } else if (held.record().leaderEpoch() <= leaderBucketRevision) {
      Decoded before = newest;
      log.warning(() -> "takes v" + held.version() + " of epoch " + held.record().leaderEpoch() + " after v" + before.version()
          + " of epoch " + before.record().leaderEpoch() + ": the leader bucket lost that term (its last revision is "
          + leaderBucketRevision + ")");
      take(held);
    }
  }

  /** The leader key's watch moved on: the record held back is taken once its epoch is placed. */
  private void placeUnplaced() {
    Decoded held = unplaced;
    if (held == null || stopped) {
      return;
    }
    if (held.version() <= knownVersion()) {
      unplaced = null; // a newer record was taken meanwhile
    } else if (placed(held)) {
      take(held);
    }
  }

  /** Takes the record held back: the leader learns it landed, and this worker applies its share. */
  private void take(Decoded held) {
    unplaced = null;
    scheduler.cancelTimer(unplacedTimer);
    listener.recordStored(held.record(), held.revision());
    offer(held);
  }

  /** Logs and counts the record held back, once, and tells a leader to write its own record over it. */
  private void refuseUnplaced() {
    Decoded held = unplaced;
    if (held == null || unplacedRefused || stopped) {
      return;
    }
    unplacedRefused = true;
    AssignmentRecord record = held.record();
    long known = newest.record().leaderEpoch();
    metrics.ignoredValue(options.assignmentBucket(), KEY, held.revision(), "an assignment of no leader's term",
        "epoch " + record.leaderEpoch() + (record.leaderEpoch() < known
            ? " is older than epoch " + known + " of v" + newest.version() + ", stored before it"
            : " is above every revision of the leader key (" + leaderKey.newest() + ")"));
    listener.recordRemoved(held.revision());
  }

  /** The highest version applied or seen: what a new record's version is judged against. */
  private long knownVersion() {
    return Math.max(appliedVersion(), newest == null ? 0 : newest.record().version());
  }

  private void ignore(KvEntry entry, Throwable error) {
    String what = error instanceof ImplausibleRecord ? "an implausible assignment" : "a malformed assignment";
    metrics.ignoredValue(options.assignmentBucket(), entry.key(), entry.revision(), what, error.getMessage());
  }

  private void offer(Decoded decoded) {
    Decoded latest = pending != null ? pending : applied;
    if (latest != null && decoded.record().version() <= latest.record().version()) {
      return;
    }
    newest = newer(decoded, newest);
    pending = decoded;
    applyNext();
  }

  private static Decoded newer(Decoded a, Decoded b) {
    if (a == null) {
      return b;
    }
    return b == null || a.record().version() >= b.record().version() ? a : b;
  }

  private void applyNext() {
    if (applying || paused || stopped || pending == null) {
      return;
    }
    Decoded next = pending;
    pending = null;
    if (applied != null && next.record().version() < applied.record().version()) {
      return; // never back: a newer record was applied meanwhile
    }
    applying = true;
    runner.reconcile(next.owned(), workerId).onComplete(ar -> {
      applying = false;
      applied = next;
      PartitionRunner.Change change = ar.succeeded() ? ar.result() : new PartitionRunner.Change(List.of(), List.of(), false);
      listener.applied(next.record(), change.added(), change.removed());
      if (!change.allStarted()) {
        scheduleRetry();
      }
      applyNext();
    });
  }

  /** Some partition failed to start: apply the current assignment again, unless a newer one is on its way. */
  private void scheduleRetry() {
    scheduler.cancelTimer(retryTimer);
    retryTimer = scheduler.setTimer(RETRY.delayMs(1, scheduler.random()), () -> {
      if (pending == null && !applying && applied != null) {
        pending = applied;
        applyNext();
      }
    });
  }
}
