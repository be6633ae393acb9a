package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.impl.kv.KvException;
import io.parti.vertx.impl.kv.KvStore;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.Slot;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The leader's half of the protocol, alive for one leadership term: decides when to rebalance (cold-start
 * and planned-scale windows, cooldown, emergencies without a window), computes the target with the
 * strategy, and commits assignments through the two-phase hand-off with a revision check on the
 * assignment key. Its first act is a fencing commit, so that a deposed leader's next write fails.
 */
final class AssignmentLeader {

  private static final System.Logger LOG = System.getLogger(AssignmentLeader.class.getName());

  private final Vertx vertx;
  private final KvStore store;
  private final Connection connection;
  private final PartiOptions options;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  private final Membership membership;
  private final PartiMetrics metrics;
  private final String workerId;
  private final long epoch;
  private final LongSupplier locallyApplied;
  private final Consumer<WorkerState> phaseListener;
  private final Runnable onDeposed;

  private AssignmentRecord record;
  private long revision;
  private List<Partition> partitions;
  private Map<Partition, String> target;
  private boolean fenced;
  private boolean committing;
  private boolean dirty;
  private boolean emergency;
  private boolean stopped;
  private long windowTimer = -1;
  private long lastCommit;
  private long rebalances;

  AssignmentLeader(Vertx vertx, KvStore store, Connection connection, PartiOptions options, PartitionSource source,
                   AssignmentStrategy strategy, Membership membership, PartiMetrics metrics, String workerId, long epoch,
                   LongSupplier locallyApplied, Consumer<WorkerState> phaseListener, Runnable onDeposed) {
    this.vertx = vertx;
    this.store = store;
    this.connection = connection;
    this.options = options;
    this.source = source;
    this.strategy = strategy;
    this.membership = membership;
    this.metrics = metrics;
    this.workerId = workerId;
    this.epoch = epoch;
    this.locallyApplied = locallyApplied;
    this.phaseListener = phaseListener;
    this.onDeposed = onDeposed;
  }

  /** Reads the current assignment, fences it with this leader's epoch, then starts the source. */
  Future<Void> start() {
    return store.get(AssignmentFollower.KEY).compose(entry -> {
      return OffLoop.run(vertx, largeValue(entry), () -> decodeStored(entry)).map(stored -> adopt(entry, stored));
    }).compose(noRecord -> {
      boolean coldStart = noRecord || record.slots().isEmpty();
      AssignmentRecord fence = record.next(epoch, workerId, record.workers(), record.sessions(), record.slots());
      return offload(fence.slots().size(), () -> new Commit(fence, AssignmentCodec.encode(fence))).compose(this::commit).compose(v -> {
        if (stopped) {
          return Future.succeededFuture(); // the term ended while it was starting: start nothing more
        }
        fenced = true;
        if (coldStart) {
          window(options.getColdStartWindow().toMillis());
        }
        return source.start(vertx, connection, list -> {
          partitions = List.copyOf(list);
          if (windowTimer < 0) {
            rebalance();
          }
        });
      });
    });
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(windowTimer);
    return source.stop();
  }

  /** Reacts to a membership change. */
  void onMembership(Membership.Change change) {
    switch (change) {
      case JOINED:
        if (windowTimer < 0) {
          long sinceLast = (System.nanoTime() - lastCommit) / 1_000_000;
          long cooldown = Math.max(0, options.getRebalanceCooldown().toMillis() - sinceLast);
          window(cooldown + options.getPlannedScaleWindow().toMillis());
        }
        break;
      case DIED:
        emergency = true;
        rebalance();
        break;
      case LEAVING:
      case LEFT:
        rebalance();
        break;
      case PROGRESS:
        progress();
        break;
      default:
        throw new IllegalArgumentException(String.valueOf(change));
    }
  }

  /** The stored record, or {@code null} when there is none or it cannot be read. */
  private AssignmentRecord decodeStored(KvEntry entry) {
    if (entry == null) {
      return null;
    }
    try {
      return AssignmentCodec.decode(entry.value());
    } catch (IllegalArgumentException e) {
      metrics.ignoredValue(options.assignmentBucket());
      LOG.log(System.Logger.Level.WARNING, "ignoring a malformed assignment: " + e.getMessage());
      return null;
    }
  }

  /** Continues from the stored record; returns whether there was none to continue from. */
  private boolean adopt(KvEntry entry, AssignmentRecord stored) {
    revision = entry == null ? 0 : entry.revision();
    // Versions must keep increasing even when the stored record was lost or overwritten with garbage.
    long base = Math.max(stored == null ? 0 : stored.version(), locallyApplied.getAsLong());
    record = stored != null && stored.version() == base ? stored
        : new AssignmentRecord(base, epoch, workerId, List.of(), stored == null ? new TreeMap<>() : stored.slots());
    return stored == null;
  }

  private void window(long millis) {
    vertx.cancelTimer(windowTimer);
    windowTimer = vertx.setTimer(Math.max(1, millis), t -> {
      windowTimer = -1;
      rebalance();
    });
    phaseListener.accept(WorkerState.SCALING);
  }

  private void rebalance() {
    if (stopped || partitions == null) {
      return;
    }
    vertx.cancelTimer(windowTimer);
    windowTimer = -1;
    Set<String> active = membership.active();
    List<Partition> current = partitions;
    AssignmentRecord base = record;
    Map<Partition, String> lastTarget = target;
    long round = ++rebalances;
    offload(current.size(), () -> strategy.assign(active, current, previousOwners(current, base, lastTarget))).onComplete(ar -> {
      if (ar.failed()) {
        LOG.log(System.Logger.Level.ERROR, "the assignment strategy failed; keeping the current assignment", ar.cause());
      } else if (round == rebalances) { // a later rebalance, computed from fresher inputs, supersedes this one
        target = ar.result();
        progress();
      }
    });
  }

  private void progress() {
    if (stopped || !fenced || target == null) {
      return;
    }
    if (committing) {
      dirty = true;
      return;
    }
    committing = true;
    AssignmentRecord base = record;
    Map<Partition, String> goal = target;
    Set<String> live = membership.live();
    Map<String, Long> applied = membership.applied();
    List<String> workers = new ArrayList<>(membership.active());
    Map<String, String> liveSessions = membership.sessions();
    Set<String> renewed = new HashSet<>();
    base.sessions().forEach((worker, session) -> {
      String now = liveSessions.get(worker);
      if (now != null && !now.equals(session)) {
        renewed.add(worker);
      }
    });
    Map<String, String> sessions = new TreeMap<>();
    workers.forEach(w -> sessions.put(w, liveSessions.get(w)));
    offload(goal.size(), () -> {
      SortedMap<String, Slot> slots = HandoffPlanner.plan(base.slots(), goal, live, applied, base.version() + 1, renewed);
      if (slots.equals(base.slots()) && workers.equals(base.workers()) && sessions.equals(base.sessions())) {
        return null;
      }
      AssignmentRecord next = base.next(epoch, workerId, workers, sessions, slots);
      return new Commit(next, AssignmentCodec.encode(next));
    }).onComplete(ar -> {
      committing = false;
      if (ar.failed()) {
        LOG.log(System.Logger.Level.ERROR, "planning the hand-off failed", ar.cause());
      } else if (ar.result() == null) {
        updatePhase();
        commitDone();
      } else if (record == base) {
        commit(ar.result());
      } else {
        progress();
      }
    });
  }

  /** The next record and its encoded bytes. */
  private record Commit(AssignmentRecord record, byte[] bytes) {
  }

  /** Runs pure work over {@code partitions} partitions, off the event loop when they are many. */
  private <T> Future<T> offload(int partitions, Callable<T> work) {
    return OffLoop.run(vertx, partitions > OffLoop.PARTITIONS_INLINE, work);
  }

  private static boolean largeValue(KvEntry entry) {
    return entry != null && entry.value().length > OffLoop.BYTES_INLINE;
  }


  private void commitDone() {
    if (dirty) {
      dirty = false;
      progress();
    }
  }

  private Future<Void> commit(Commit next) {
    committing = true;
    return store.update(AssignmentFollower.KEY, next.bytes(), revision).transform(ar -> {
      committing = false;
      if (ar.succeeded()) {
        record = next.record();
        revision = ar.result();
        lastCommit = System.nanoTime();
        updatePhase();
      } else if (ar.cause() instanceof KvException.Conflict) {
        metrics.commitRejected();
        return store.get(AssignmentFollower.KEY).compose(this::conflicted);
      } else {
        LOG.log(System.Logger.Level.WARNING, "assignment commit failed, retrying: " + ar.cause().getMessage());
        vertx.setTimer(options.getOperationTimeout().toMillis(), t -> progress());
        return Future.failedFuture(ar.cause());
      }
      commitDone();
      return Future.succeededFuture();
    });
  }

  /** The revision check failed: a newer leader wrote, or something else did (our own late write, garbage). */
  private Future<Void> conflicted(KvEntry entry) {
    return OffLoop.run(vertx, largeValue(entry), () -> decodeStored(entry)).compose(stored -> {
      if (stored != null && stored.leaderEpoch() > epoch) {
        LOG.log(System.Logger.Level.WARNING, workerId + " was deposed: the assignment carries epoch " + stored.leaderEpoch());
        stopped = true;
        onDeposed.run();
        return Future.failedFuture(new KvException.Conflict("deposed by a leader of epoch " + stored.leaderEpoch(), null));
      }
      revision = entry == null ? 0 : entry.revision();
      if (stored != null && stored.version() >= record.version()) {
        // Our own write that timed out but landed: it is the current record. Anything else (an older
        // leader's late write) is overwritten, under a version above it so that followers apply ours.
        record = stored.leaderEpoch() == epoch ? stored
            : new AssignmentRecord(stored.version(), epoch, workerId, record.workers(), record.slots());
      }
      vertx.runOnContext(v -> progress());
      return Future.succeededFuture();
    });
  }


  private void updatePhase() {
    if (windowTimer >= 0) {
      return;
    }
    boolean handingOff = record.slots().values().stream().anyMatch(s -> s.releasing() != null);
    if (!handingOff) {
      emergency = false;
    }
    phaseListener.accept(handingOff ? (emergency ? WorkerState.EMERGENCY : WorkerState.REBALANCING) : null);
  }

  /** The owner each partition had or is moving to: what a sticky strategy should keep. */
  private static Map<Partition, String> previousOwners(List<Partition> partitions, AssignmentRecord record, Map<Partition, String> target) {
    Map<Partition, String> previous = new HashMap<>();
    for (Partition p : partitions) {
      Slot slot = record.slots().get(p.id());
      String owner = slot == null ? null : slot.owner() != null ? slot.owner() : target != null ? target.get(p) : slot.releasing();
      if (owner != null) {
        previous.put(p, owner);
      }
    }
    return previous;
  }
}
