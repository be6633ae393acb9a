package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Slot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

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
  private static final System.Logger LOG = System.getLogger(AssignmentFollower.class.getName());
  private static final long RETRY_MS = 1000;

  interface Listener {
    void applied(AssignmentRecord record, List<String> added, List<String> removed);
  }

  private final Vertx vertx;
  private final PartiOptions options;
  private final PartitionRunner runner;
  private final PartiMetrics metrics;
  private final String workerId;
  private final String session;
  private final Listener listener;
  private final KvWatch watch;
  private final KvStore store;
  private AssignmentRecord applied;
  private Decoded pending;
  private SortedMap<String, Slot> appliedOwned;
  private boolean applying;
  private boolean paused;
  private long retryTimer = -1;

  AssignmentFollower(Vertx vertx, Context context, KvStore store, PartiOptions options, PartitionRunner runner,
                     PartiMetrics metrics, String workerId, String session, Listener listener) {
    this.session = session;
    this.vertx = vertx;
    this.options = options;
    this.runner = runner;
    this.metrics = metrics;
    this.workerId = workerId;
    this.listener = listener;
    this.store = store;
    this.watch = new KvWatch(store, KEY, context, this::onEntry);
  }

  Future<Void> start() {
    return watch.start();
  }

  Future<Void> stop() {
    vertx.cancelTimer(retryTimer);
    return watch.close();
  }

  /**
   * Reads the assignment afresh and applies it even if its version is the one already applied: after the
   * partitions were paused, the cached record may say nothing about what runs here now.
   */
  private Future<Void> reapplyLatest() {
    return store.get(KEY).map(entry -> {
      if (entry != null) {
        try {
          Decoded latest = decode(entry.value());
          if (applied == null || latest.record().version() >= applied.version()) {
            pending = latest;
            applyNext();
          }
        } catch (IllegalArgumentException e) {
          ignore(entry, e);
        }
      }
      return null;
    });
  }

  /** The partitions this worker owns in the last applied assignment. */
  SortedMap<String, Slot> appliedOwned() {
    return appliedOwned == null ? new java.util.TreeMap<>() : appliedOwned;
  }

  long appliedVersion() {
    return applied == null ? 0 : applied.version();
  }

  private void onEntry(KvEntry entry) {
    if (entry.isRemoval()) {
      return;
    }
    // Out-of-order completions (a large record decoded off the event loop) are harmless: only newer
    // versions are ever applied.
    OffLoop.run(vertx, entry.value().length > OffLoop.BYTES_INLINE, () -> decode(entry.value())).onComplete(ar -> {
      if (ar.succeeded()) {
        offer(ar.result());
      } else {
        ignore(entry, ar.cause());
      }
    });
  }

  /** A decoded record with this worker's share of it. */
  private record Decoded(AssignmentRecord record, SortedMap<String, Slot> owned) {
  }

  /** Decodes a record and takes this worker's share, unless the share was granted to an earlier holder of the id. */
  private Decoded decode(byte[] bytes) {
    AssignmentRecord record = AssignmentCodec.decode(bytes);
    return new Decoded(record, record.grantsFor(workerId, session) ? record.ownedBy(workerId) : new TreeMap<>());
  }

  private void ignore(KvEntry entry, Throwable error) {
    metrics.ignoredValue(options.assignmentBucket());
    LOG.log(System.Logger.Level.WARNING, "ignoring a malformed assignment (revision " + entry.revision() + "): " + error.getMessage());
  }

  private void offer(Decoded decoded) {
    AssignmentRecord newest = pending != null ? pending.record() : applied;
    if (newest != null && decoded.record().version() <= newest.version()) {
      return;
    }
    pending = decoded;
    applyNext();
  }

  /** Applies nothing until {@link #resume()}. */
  void pause() {
    paused = true;
  }

  /** Applies again, starting from a fresh read of the assignment. */
  Future<Void> resume() {
    paused = false;
    return reapplyLatest();
  }

  private void applyNext() {
    if (applying || paused || pending == null) {
      return;
    }
    Decoded next = pending;
    AssignmentRecord record = next.record();
    pending = null;
    applying = true;
    runner.reconcile(next.owned(), workerId).onComplete(ar -> {
      applying = false;
      applied = record;
      appliedOwned = next.owned();
      PartitionRunner.Change change = ar.succeeded() ? ar.result() : new PartitionRunner.Change(List.of(), List.of(), false);
      listener.applied(record, change.added(), change.removed());
      if (!change.allStarted()) {
        scheduleRetry();
      }
      applyNext();
    });
  }

  /** Some partition failed to start: apply the current assignment again. */
  private void scheduleRetry() {
    vertx.cancelTimer(retryTimer);
    retryTimer = vertx.setTimer(RETRY_MS, t -> {
      if (pending == null && applied != null) {
        pending = new Decoded(applied, appliedOwned);
        applyNext();
      }
    });
  }
}
