package io.parti.vertx.impl;

import io.parti.vertx.PartiOptions;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.kv.KvWatch;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Set;
import java.util.TreeSet;

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
    void applied(AssignmentRecord record, Set<String> added, Set<String> removed);
  }

  private final Vertx vertx;
  private final PartiOptions options;
  private final PartitionRunner runner;
  private final PartiMetrics metrics;
  private final String workerId;
  private final Listener listener;
  private final KvWatch watch;
  private AssignmentRecord applied;
  private AssignmentRecord pending;
  private boolean applying;
  private long retryTimer = -1;

  AssignmentFollower(Vertx vertx, Context context, KvStore store, PartiOptions options, PartitionRunner runner,
                     PartiMetrics metrics, String workerId, Listener listener) {
    this.vertx = vertx;
    this.options = options;
    this.runner = runner;
    this.metrics = metrics;
    this.workerId = workerId;
    this.listener = listener;
    this.watch = new KvWatch(store, KEY, context, this::onEntry);
  }

  Future<Void> start() {
    return watch.start();
  }

  Future<Void> stop() {
    vertx.cancelTimer(retryTimer);
    return watch.close();
  }

  /** The last applied assignment, or {@code null}. */
  AssignmentRecord applied() {
    return applied;
  }

  long appliedVersion() {
    return applied == null ? 0 : applied.version();
  }

  private void onEntry(KvEntry entry) {
    if (entry.isRemoval()) {
      return;
    }
    AssignmentRecord record;
    try {
      record = AssignmentCodec.decode(entry.value());
    } catch (IllegalArgumentException e) {
      metrics.ignoredValue(options.assignmentBucket());
      LOG.log(System.Logger.Level.WARNING, "ignoring a malformed assignment (revision " + entry.revision() + "): " + e.getMessage());
      return;
    }
    AssignmentRecord newest = pending != null ? pending : applied;
    if (newest != null && record.version() <= newest.version()) {
      return;
    }
    pending = record;
    applyNext();
  }

  private void applyNext() {
    if (applying || pending == null) {
      return;
    }
    AssignmentRecord record = pending;
    pending = null;
    applying = true;
    Set<String> before = runner.runningIds();
    runner.reconcile(record.ownedBy(workerId), workerId).onComplete(ar -> {
      applying = false;
      applied = record;
      Set<String> after = runner.runningIds();
      Set<String> added = new TreeSet<>(after);
      added.removeAll(before);
      Set<String> removed = new TreeSet<>(before);
      removed.removeAll(after);
      listener.applied(record, added, removed);
      if (ar.failed() || !ar.result()) {
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
        pending = applied;
        applyNext();
      }
    });
  }
}
