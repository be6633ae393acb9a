package io.parti.vertx.impl;

import io.parti.vertx.impl.metrics.PartiMetrics;
import io.parti.vertx.Partition;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.kv.KvBucket;
import io.parti.vertx.impl.kv.KvEntry;
import io.parti.vertx.shared.RetryPolicy;
import io.parti.vertx.PartiException;
import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.impl.protocol.ImplausibleRecord;
import io.parti.vertx.impl.protocol.Slot;
import io.parti.vertx.impl.source.ProtocolSource;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The leader's half of the protocol, alive for one leadership term: decides when to rebalance (cold-start and
 * planned-scale windows, cooldown, emergencies without a window), computes the target with the strategy, and
 * commits assignments through the two-phase hand-off with a revision check on the assignment key.
 * <p>
 * Every commit builds on what is stored. The term starts with a fencing commit of the stored record under this
 * leader's epoch, so that a deposed leader's next write fails; a write that fails its revision check is followed by
 * a read of what is stored, and the next commit builds on that (an own write that landed late, an older leader's
 * write that landed before the fence, a record an operator deleted). A record nobody can read, or one older than
 * what workers applied, leaves the leader not knowing what runs where: it grants nothing until every live session
 * applied its fencing commit. Every failure is retried, and a periodic tick re-plans while anything is pending.
 */
final class AssignmentLeader {


  private final CoordinatorLog.Source log;
  private final Wiring wiring;
  private final Scheduler scheduler;
  private final KvBucket store;
  private final PartiOptions options;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  /** The strategy's name, written into every record this term commits. */
  private final String strategyName;
  /** After conflicts in a row: from 20 ms, doubling up to the operation timeout. */
  private final RetryPolicy conflictPause;
  /** After a failed commit or read: about an operation timeout. */
  private final RetryPolicy failurePause;
  private final Membership membership;
  private final PartiMetrics metrics;
  private final RebalanceClock clock;
  private final String workerId;
  private final long epoch;
  /** The revision of the leader key's latest write of this term: no other leader won the key at or below it. */
  private final LongSupplier leaseRevision;
  /** Renews the leader key now: tells soon whether this term still leads. */
  private final Runnable confirmLease;
  private final LongSupplier locallyApplied;
  /** The record this worker's follower applied: what the term restores on an empty store. */
  private final Supplier<AssignmentRecord> locallyAppliedRecord;
  private final Consumer<WorkerState> phaseListener;

  /** The record this term builds on: the last one it knows to be stored. */
  private AssignmentRecord record;
  /** The revision of the key's last entry this term knows of: what the next write expects. */
  private long revision;
  /** The partitions to assign: the source's, or those of the stored record until the source delivers. */
  private List<Partition> partitions;
  /** The strategy's latest target; {@code null} before the first rebalance. */
  private Map<Partition, String> target;
  /** The fencing commit landed: commits may follow. */
  private boolean fenced;
  /** The revision the fencing commit landed at: no older leader's write can land above it. */
  private long fencedAt;
  /** The revision of a stored record of a higher epoch this term waits on (see {@code placed}), or -1. */
  private long waitingOn = -1;
  /** This term's last write of the leader key when it began to wait on that record. */
  private long leasedWhenWaiting;
  /** A commit (or its planning, or the read after a conflict) is under way: the next one waits. */
  private boolean committing;
  /** Something changed while committing: plan again once it is through. */
  private boolean dirty;
  /** The last plan left work for later (a release to wait for, a grant held back, a failure to retry). */
  private boolean pending;
  /**
   * The revision of the latest delete, purge or unreadable value seen under the key (0 for a read that found no key
   * at all: a new, empty store), -1 before any. While it is at or above the revision this term expects, the record is
   * gone or unreadable, and the next commit is written even if nothing changed. (A flag would be cleared by a commit
   * that was under way when the removal came, and the removal lost.)
   */
  private long removedAt = -1;
  /** A death started the hand-off under way: the phase shows EMERGENCY until no partition is being released. */
  private boolean emergency;
  /** The term ended: nothing more is written or started. */
  private boolean stopped;
  /** Failed steps in a row (conflicts, failed reads) since the last commit landed: how long the next pause is. */
  private int failuresInARow;
  /** The planned-scale or cold-start window that is open, or -1: while open, joins wait for it to close. */
  private long windowTimer = -1;
  /** The periodic re-plan while leading (so nothing left for later is forgotten), or -1 before start and after stop. */
  private long tickTimer = -1;
  /** When the last commit landed (scheduler time): the cooldown before the next planned window counts from it. */
  private long lastCommit;
  /** Rebalances started: a strategy result that comes back after a newer one started is dropped. */
  private long rebalances;
  /** When this term first found the store empty with a record to restore (scheduler time), or -1. */
  private long emptyStoreSince = -1;

  AssignmentLeader(Wiring wiring, PartitionSource source, LeaderSeat seat, Membership membership,
                   Consumer<WorkerState> phaseListener) {
    this.log = wiring.log().of(AssignmentLeader.class);
    this.wiring = wiring;
    this.scheduler = wiring.scheduler();
    this.store = wiring.buckets().assignments();
    this.options = wiring.options();
    this.source = source;
    this.strategy = seat.strategy();
    this.strategyName = strategy.name();
    long timeout = Math.max(1, options.getOperationTimeout().toMillis()); // a timeout under 20 ms caps the first pause too
    this.conflictPause = new RetryPolicy(Math.min(20, timeout), timeout, 0.5);
    this.failurePause = RetryPolicy.steady(timeout);
    this.membership = membership;
    this.metrics = wiring.metrics();
    this.clock = new RebalanceClock(metrics, scheduler);
    this.workerId = seat.workerId();
    this.epoch = seat.epoch();
    this.leaseRevision = seat.leaseRevision();
    this.confirmLease = seat.confirmLease();
    this.locallyApplied = seat.applied();
    this.locallyAppliedRecord = seat.appliedRecord();
    this.phaseListener = phaseListener;
  }

  /** Fences the stored record with this leader's epoch, then starts the source. */
  Future<Void> start() {
    return fence().compose(coldStart -> {
      if (stopped) {
        return Future.succeededFuture(false); // the term ended before the fence: there may be no record to start from
      }
      AssignmentRecord fenced = record;
      return offload(fenced.slots().size(), () -> partitionsOf(fenced)).map(list -> {
        if (partitions == null) {
          partitions = list;
        }
        return coldStart;
      });
    }).compose(coldStart -> {
      if (stopped) {
        return Future.succeededFuture(); // the term ended while it was starting: start nothing more
      }
      tickTimer = scheduler.setPeriodic(options.getHeartbeatInterval().toMillis(), this::tick);
      clock.cause(coldStart ? RebalanceClock.Reason.COLD_START : RebalanceClock.Reason.TAKEOVER);
      if (coldStart && !options.isAdaptiveWindows()) {
        window(options.getColdStartWindow().toMillis()); // adaptive: plan at once, batch the joins that follow
      }
      Consumer<List<Partition>> listener = list -> {
        if (partitions != null && !partitions.equals(list)) {
          clock.cause(RebalanceClock.Reason.SOURCE_CHANGE);
        }
        partitions = List.copyOf(list);
        if (windowTimer < 0) {
          rebalance();
        }
      };
      Future<Void> started = source instanceof ProtocolSource ? ((ProtocolSource) source).start(scheduler, wiring.env().kv(), metrics, listener)
          : wiring.env().sources().start(source, listener);
      if (windowTimer < 0) {
        rebalance();
      }
      return started;
    });
  }

  Future<Void> stop() {
    stopped = true;
    clock.stopped();
    scheduler.cancelTimer(windowTimer);
    scheduler.cancelTimer(tickTimer);
    return source.stop();
  }

  /** Reacts to a membership change. */
  void onMembership(Membership.Change change) {
    switch (change) {
      case JOINED:
        clock.cause(RebalanceClock.Reason.PLANNED);
        boolean idle = !committing && !handingOff(); // before progress(), whose commit records the new session
        progress(); // a new session of a known id: its predecessor's grants are revoked at once
        if (windowTimer < 0) {
          long sinceLast = (scheduler.nanoTime() - lastCommit) / 1_000_000;
          long cooldown = Math.max(0, options.getRebalanceCooldown().toMillis() - sinceLast);
          if (options.isAdaptiveWindows() && (!fenced || cooldown == 0 && idle)) {
            // A lone join: nothing under way that a batch would spare a second round of. (Before the fence, the
            // term's first plan, right after it, covers the join.)
            rebalance();
          } else {
            window(cooldown + options.getPlannedScaleWindow().toMillis());
          }
        }
        break;
      case DIED:
        clock.cause(RebalanceClock.Reason.EMERGENCY);
        emergency = true;
        rebalance();
        break;
      case LEAVING:
      case LEFT:
        clock.cause(RebalanceClock.Reason.LEAVE);
        rebalance();
        break;
      case PROGRESS:
        progress();
        break;
      default:
        throw new IllegalArgumentException(String.valueOf(change));
    }
  }

  /**
   * A record landed (its own follower saw it). One of this term's writes whose answer was lost can land after the
   * leader gave up on it and planned again from the record before: it adopts it, or with nothing left to change it
   * would never commit again, while the workers apply what landed and wait for grants that never come.
   */
  void recordStored(AssignmentRecord stored, long storedRevision) {
    if (stopped || !fenced || storedRevision <= revision) {
      return;
    }
    if (stored.leaderEpoch() == epoch && stored.version() >= record.version()) {
      record = stored;
      revision = storedRevision;
      progress();
    }
  }

  /**
   * The record was deleted, purged, or overwritten with one it cannot use at {@code markerRevision} (its own follower
   * saw it): write it back.
   */
  void recordRemoved(long markerRevision) {
    if (stopped || !fenced || markerRevision <= revision) {
      return;
    }
    removedAt = Math.max(removedAt, markerRevision);
    if (committing) {
      dirty = true;
    } else {
      committing = true;
      rebase();
    }
  }

  /**
   * Reads the key and commits what it holds under this leader's epoch; on a conflict, reads again and retries.
   * Completes with whether the group had no assignment yet (a cold start).
   */
  private Future<Boolean> fence() {
    if (stopped) {
      return Future.succeededFuture(false);
    }
    return read().compose(stored -> {
      if (stored.waiting()) {
        return later(this::fence);
      }
      if (stored.record() != null && stored.record().leaderEpoch() == epoch) {
        adopt(stored); // our own fencing write, which timed out but landed
        fenced = true;
        fencedAt = revision;
        return Future.succeededFuture(record.slots().isEmpty());
      }
      if (awaitingFleet(stored)) {
        return later(options.getHeartbeatInterval().toMillis(), this::fence); // the next heartbeats may tell more
      }
      base(stored);
      AssignmentRecord base = record;
      if (base.barrier() > 0) {
        membership.awaitUnnamed();
      }
      boolean coldStart = base.slots().isEmpty() && base.barrier() == 0;
      long version = nextVersion();
      return offload(base.slots().size(), () -> {
        AssignmentRecord fence = base.next(version, epoch, workerId, strategyName, base.workers(), base.sessions(), base.slots(),
            base.barrier());
        return new Commit(fence, AssignmentCodec.encode(fence), HandoffDelta.NONE, 0); // moves nothing
      }).compose(commit -> {
        if (stopped) {
          return Future.succeededFuture(false);
        }
        return store.update(AssignmentFollower.KEY, commit.bytes(), revision).transform(ar -> {
          if (ar.succeeded()) {
            record = commit.record();
            revision = ar.result();
            fenced = true;
            fencedAt = revision;
            return Future.succeededFuture(coldStart);
          }
          if (ar.cause() instanceof PartiException.Conflict) {
            metrics.commitRejected();
            return later(this::fence); // something was written since the read: read it and build on it
          }
          return Future.failedFuture(ar.cause());
        });
      });
    });
  }

  /**
   * The version of the next commit: above the record it builds on, and above the revision it expects. Revisions are
   * stream sequences that keep rising across deletes and purges of the key, and no version ever exceeded the
   * revision it was stored at, so versions (and the epochs granted at them) rise above everything ever stored, even
   * after an operator deleted the record and with workers this leader has never seen.
   */
  private long nextVersion() {
    return Math.max(record.version(), revision) + 1;
  }

  /**
   * A read of the key: its last entry; the record, when that is readable and a leader's; and whether the record's epoch
   * is waiting to be placed (neither built on nor written over yet).
   */
  private record Stored(KvEntry entry, AssignmentRecord record, boolean waiting) {
    Stored(KvEntry entry, AssignmentRecord record) {
      this(entry, record, false);
    }
  }

  private Future<Stored> read() {
    return store.latest(AssignmentFollower.KEY).compose(entry -> {
      if (entry == null || entry.isRemoval()) {
        return Future.succeededFuture(new Stored(entry, null));
      }
      long known = Math.max(record == null ? 0 : record.version(), locallyApplied.getAsLong());
      return OffLoop.run(scheduler, entry.value().length > OffLoop.BYTES_INLINE, () -> decode(entry, known))
          .map(r -> r == null ? new Stored(entry, null) : placed(r, entry));
    });
  }

  /**
   * Whether the term waits before restoring the record its follower applied to an empty store (a new server took the
   * old one's place): until every session that record names has beaten, or for a heartbeat TTL at most, so that a
   * worker that applied a later record is heard of first, and the record is not restored over it.
   */
  private boolean awaitingFleet(Stored stored) {
    AssignmentRecord cached = locallyAppliedRecord.get();
    if (stored.entry() != null || cached == null) {
      return false;
    }
    long now = scheduler.nanoTime();
    if (emptyStoreSince < 0) {
      emptyStoreSince = now;
    }
    if (now - emptyStoreSince >= options.getHeartbeatTtl().toNanos()) {
      return false;
    }
    return !cached.sessions().entrySet().stream().allMatch(e -> membership.heard(e.getKey(), e.getValue()));
  }

  /**
   * Decides what the fencing commit builds on: the stored record; on an empty store, the record this worker applied
   * (the workers run it); or (when nobody can tell) nothing, behind a barrier.
   */
  private void base(Stored stored) {
    revision = stored.entry() == null ? 0 : stored.entry().revision();
    long applied = Math.max(membership.view().maxApplied(), locallyApplied.getAsLong());
    AssignmentRecord cached = locallyAppliedRecord.get();
    boolean restoring = stored.entry() == null && cached != null;
    AssignmentRecord found = restoring ? cached : stored.record();
    if (restoring && cached.version() >= applied) {
      log.warning(() -> "the store holds no assignment (a new server?): restoring v" + cached.version()
          + ", the one this worker applied, as v" + (cached.version() + 1));
    }
    if (found != null && found.strategy() != null && !found.strategy().equals(strategyName)) {
      log.warning(() -> "leads with the assignment strategy " + strategyName
          + ", but the stored assignment was computed with " + found.strategy() + ": partitions will move by other rules"
          + " (configure every worker alike)");
    }
    if (found != null && found.version() >= applied) {
      record = found;
      found.sessions().forEach(membership::expect);
      return;
    }
    // Versions must rise above anything a worker applied, or followers would ignore the next commits.
    long version = Math.max(found == null ? 0 : found.version(), applied);
    record = new AssignmentRecord(version, epoch, workerId, List.of(), new TreeMap<>(), new TreeMap<>());
    if (found != null || applied > 0 || stored.entry() != null) {
      long barrier = nextVersion(); // the fencing commit's version
      record = new AssignmentRecord(version, epoch, workerId, List.of(), new TreeMap<>(), new TreeMap<>(), barrier);
      log.warning(() -> "the assignment record" + (restoring ? " this worker applied" : "") + " is " + (found != null ? "older than v" + applied
          : stored.entry() == null || stored.entry().isRemoval() ? "missing" : "unreadable")
          + "; granting nothing until every live worker applied v" + barrier);
    }
  }

  private void adopt(Stored stored) {
    record = stored.record();
    revision = stored.entry().revision();
  }

  /**
   * The stored record, or {@code null} when it cannot be read or no leader can have written it (its version jumps far
   * above {@code known}, see {@link ImplausibleRecord}): either way the leader does not build on it.
   */
  private AssignmentRecord decode(KvEntry entry, long known) {
    try {
      AssignmentRecord decoded = AssignmentCodec.decode(entry.value());
      ImplausibleRecord.check(decoded, entry.revision(), known);
      return decoded;
    } catch (ImplausibleRecord e) {
      metrics.ignoredValue(options.assignmentBucket(), entry.key(), entry.revision(), "an implausible assignment", e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      metrics.ignoredValue(options.assignmentBucket(), entry.key(), entry.revision(), "a malformed assignment", e.getMessage());
      return null;
    }
  }

  /**
   * Judges a stored record by its epoch. One older than this term's, stored after its fencing commit, is nobody's (an
   * older leader's writes fail their revision check from then on). One of a higher epoch is a successor's only if
   * someone won the leader key above this term's latest write of it: every write of the term checks the one before,
   * so up to that revision nobody else won it, and an epoch there is nobody's (else one write with a raised epoch would
   * depose every leader to come). Above it the term waits, and renews its key at once: a renewal that lands after the
   * record was seen shows that nobody won the key since this term's write before it (the renewal checks that one), so
   * the epoch is nobody's; one that fails shows the term was deposed and ends it. A record that is nobody's is ignored,
   * logged and counted, and the term writes its own over it.
   */
  private Stored placed(AssignmentRecord stored, KvEntry entry) {
    long storedEpoch = stored.leaderEpoch();
    if (storedEpoch > epoch) {
      long leased = leaseRevision.getAsLong();
      if (storedEpoch <= leased) {
        return nobodys(entry, "epoch " + storedEpoch + " is within this leader's own term (epoch " + epoch
            + ", its key last written at revision " + leased + ")");
      }
      if (waitingOn != entry.revision()) {
        waitingOn = entry.revision();
        leasedWhenWaiting = leased;
      } else if (leased > leasedWhenWaiting) {
        return nobodys(entry, "epoch " + storedEpoch + " was won by nobody: this leader still holds the key (written at "
            + "revision " + leased + " since the record was seen)");
      }
      confirmLease.run();
      return new Stored(entry, stored, true);
    }
    if (storedEpoch < epoch && fenced && entry.revision() > fencedAt) {
      return nobodys(entry, "epoch " + storedEpoch + " is older than this leader's " + epoch + ", stored after its fencing commit");
    }
    return new Stored(entry, stored);
  }

  private Stored nobodys(KvEntry entry, String why) {
    metrics.ignoredValue(options.assignmentBucket(), entry.key(), entry.revision(), "an assignment of no leader's term", why);
    return new Stored(entry, null);
  }

  private void window(long millis) {
    scheduler.cancelTimer(windowTimer);
    windowTimer = scheduler.setTimer(Math.max(1, millis), () -> {
      windowTimer = -1;
      rebalance();
    });
    phaseListener.accept(WorkerState.SCALING);
  }

  private void rebalance() {
    if (stopped || partitions == null) {
      return;
    }
    scheduler.cancelTimer(windowTimer);
    windowTimer = -1;
    List<String> active = new ArrayList<>(membership.view().active());
    List<Partition> current = partitions;
    AssignmentRecord base = record;
    Map<Partition, String> lastTarget = target;
    long round = ++rebalances;
    offload(current.size(), () -> everyPartition(current,
        strategy.assign(new java.util.TreeSet<>(active), current, previousOwners(current, base, lastTarget))))
        .onComplete(ar -> {
          if (ar.failed()) {
            log.error(() -> "the assignment strategy failed; keeping the current assignment", ar.cause());
          } else if (round == rebalances) { // a later rebalance, computed from fresher inputs, supersedes this one
            target = ar.result();
            progress();
          }
        });
  }

  /** Periodic: plans again while the last plan left work pending, so a quiet fleet still finishes its hand-offs. */
  private void tick() {
    if (pending) {
      progress();
    }
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
    FleetView fleet = membership.view();
    long holdGrants = base.barrier() > 0 && !fleet.allApplied(base.barrier()) ? base.barrier() : 0;
    boolean rewriteNow = mustRewrite();
    List<String> workers = new ArrayList<>(fleet.active());
    long version = nextVersion();
    offload(goal.size(), () -> {
      HandoffPlanner.Plan plan = HandoffPlanner.plan(base, goal, fleet, version, holdGrants);
      boolean unfinished = holdGrants > 0 || plan.slots().values().stream().anyMatch(s -> !s.isOwned());
      if (!rewriteNow && plan.slots().equals(base.slots()) && workers.equals(base.workers()) && plan.sessions().equals(base.sessions())
          && holdGrants == base.barrier()) {
        return new Planned(null, unfinished);
      }
      AssignmentRecord next = base.next(version, epoch, workerId, strategyName, workers, plan.sessions(), plan.slots(), holdGrants);
      Set<String> live = fleet.live();
      return new Planned(new Commit(next, AssignmentCodec.encode(next), HandoffDelta.between(base, next, live), live.size()), unfinished);
    }).onComplete(ar -> {
      committing = false;
      if (ar.failed()) {
        log.error(() -> "planning the hand-off failed; retrying", ar.cause());
        pending = true;
      } else if (record != base || stopped) {
        progress(); // what this plan built on changed meanwhile
      } else {
        pending = ar.result().unfinished();
        if (ar.result().commit() == null) {
          if (!pending) {
            clock.settled();
          }
          updatePhase();
          commitDone();
        } else {
          commit(ar.result().commit());
        }
      }
    });
  }

  /** The next record, its encoded bytes, and what it changes for the metrics (with the live workers it saw). */
  private record Commit(AssignmentRecord record, byte[] bytes, HandoffDelta delta, int liveWorkers) {
  }

  /** A plan: the commit it calls for ({@code null} when nothing changes), and whether it left work for later. */
  private record Planned(Commit commit, boolean unfinished) {
  }

  /** Runs pure work over {@code partitions} partitions, off the event loop when they are many. */
  private <T> Future<T> offload(int partitions, Callable<T> work) {
    return OffLoop.run(scheduler, partitions > OffLoop.PARTITIONS_INLINE, work);
  }

  private void commitDone() {
    if (dirty) {
      dirty = false;
      progress();
    }
  }

  private void commit(Commit next) {
    if (stopped) {
      return;
    }
    committing = true;
    log.handoffStep("commit-sent", null, next.record().version());
    store.update(AssignmentFollower.KEY, next.bytes(), revision).onComplete(ar -> {
      if (ar.succeeded()) {
        log.handoffStep("commit-landed", null, next.record().version());
        committing = false;
        record = next.record();
        revision = ar.result();
        lastCommit = scheduler.nanoTime();
        failuresInARow = 0;
        clock.committed(next.delta(), next.liveWorkers());
        if (!pending) {
          clock.settled();
        }
        updatePhase();
        commitDone();
      } else if (ar.cause() instanceof PartiException.Conflict) {
        metrics.commitRejected();
        rebase();
      } else {
        log.warning(() -> "assignment commit failed, retrying: " + ar.cause().getMessage());
        committing = false;
        pending = true;
        scheduler.setTimer(afterFailure(), this::progress);
      }
    });
  }

  /**
   * A commit failed its revision check: reads what is stored and builds on it. A record of a higher epoch makes the term
   * wait (see {@code placed}); anything else is built on, above its version: an own write that landed after its timeout, a record an
   * operator deleted (this leader knows the slots it committed), one that cannot be read.
   */
  private void rebase() {
    if (stopped) {
      committing = false;
      return;
    }
    read().onComplete(ar -> {
      committing = false;
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        log.warning(() -> "reading the assignment after a conflict failed, retrying: " + ar.cause().getMessage());
        pending = true;
        scheduler.setTimer(afterFailure(), this::progress);
        return;
      }
      Stored stored = ar.result();
      if (stored.waiting()) {
        pending = true;
        scheduler.setTimer(pause(), this::progress);
        return;
      }
      revision = stored.entry() == null ? 0 : stored.entry().revision();
      AssignmentRecord found = stored.record();
      if (found == null) {
        removedAt = Math.max(removedAt, revision);
        log.warning(() -> "the assignment record was deleted or cannot be read; writing v"
            + nextVersion() + " over it");
      } else if (found.version() >= record.version()) {
        record = found; // what the next commit builds on: its own late write, or what an older leader stored
      }
      // Conflicts in a row (a lagging replica answering the read) back off instead of spinning.
      scheduler.setTimer(pause(), this::progress);
    });
  }

  private boolean mustRewrite() {
    return removedAt >= revision;
  }

  /** Runs {@code step} again after a short pause, for a retry that must not spin. */
  private <T> Future<T> later(java.util.function.Supplier<Future<T>> step) {
    return later(pause(), step);
  }

  /** Runs {@code step} again after {@code delayMs}. */
  private <T> Future<T> later(long delayMs, java.util.function.Supplier<Future<T>> step) {
    Promise<T> promise = Promise.promise();
    scheduler.setTimer(delayMs, () -> step.get().onComplete(promise));
    return promise.future();
  }

  /** The pause after a failed commit or read, jittered across leaders' retries. */
  private long afterFailure() {
    return failurePause.delayMs(1, scheduler.random());
  }

  /** The pause before the next try after a conflict or a step that must not spin, growing with the failures in a row. */
  private long pause() {
    return conflictPause.delayMs(++failuresInARow, scheduler.random());
  }

  private void updatePhase() {
    if (windowTimer >= 0) {
      return;
    }
    boolean handingOff = handingOff();
    if (!handingOff) {
      emergency = false;
    }
    phaseListener.accept(handingOff ? (emergency ? WorkerState.EMERGENCY : WorkerState.REBALANCING) : null);
  }

  /** Whether a partition of the record is being released: a hand-off is under way. (No record before the fence.) */
  private boolean handingOff() {
    return record != null && record.slots().values().stream().anyMatch(s -> s.releasing() != null);
  }

  /** The partitions of a record: what the leader assigns until its source has delivered. */
  private static List<Partition> partitionsOf(AssignmentRecord record) {
    List<Partition> list = new ArrayList<>(record.slots().size());
    record.slots().forEach((id, slot) -> list.add(Partition.fromId(id, slot.weight())));
    return list;
  }

  /**
   * The target with every partition in it, without an owner where the strategy gave it none (no worker is active): a
   * partition missing from the target would leave the record as if it had left the list, and a later leader that
   * learns the partitions from the record would never assign it again.
   */
  private static Map<Partition, String> everyPartition(List<Partition> partitions, Map<Partition, String> assigned) {
    if (assigned.size() == partitions.size()) {
      return assigned;
    }
    Map<Partition, String> all = new HashMap<>(assigned);
    partitions.forEach(p -> all.putIfAbsent(p, null));
    return all;
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
