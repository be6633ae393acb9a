package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.env.Scheduler;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Everything that lives as long as one claimed worker id: the id lease, the heartbeat, the partitions and
 * the assignment follower, the election and, while elected, the leader term.
 */
final class WorkerSession {


  /** What the session tells its coordinator; called on the coordinator's context. */
  interface Callbacks {
    void claimed(String workerId);

    void changed();

    void applied(AssignmentRecord record, Collection<String> running, List<String> added, List<String> removed);

    void leadership(String workerId, boolean leader);

    /**
     * The session can no longer act for its worker id: the id was lost, or heartbeats did not land for long enough
     * that a leader may have declared it dead. The coordinator joins anew, unless {@code session} was replaced already.
     */
    void ended(String session);

    void drainTimedOut(String partition, long epoch);

    void fenced(boolean paused);
  }

  private final String previousId;
  private final CoordinatorLog.Source log;
  private final Wiring wiring;
  private final Scheduler scheduler;
  private final PartiOptions options;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  private final Callbacks callbacks;
  private final WorkerIdClaim claim;
  private final PartitionRunner runner;
  private final Promise<Void> left = Promise.promise();
  /** This claim of the worker id: grants made to an earlier holder of the same id are not run here. */
  private final String session;
  /** The id this session claimed; {@code null} until the claim lands, then never changes. */
  private String workerId;
  /** These three are created once the id is claimed, in this order, and live as long as the session. */
  private HeartbeatPublisher heartbeat;
  private AssignmentFollower follower;
  private LeaderElection election;
  /** The leadership term while this worker leads; read from any thread by {@code isLeader()}. */
  private volatile LeaderTerm term;
  /** A graceful leave has begun. */
  private boolean leaving;
  /** The partitions are paused: degraded fencing, or a closed connection. */
  private boolean fenced;
  /** With degraded fencing, while fenced: the send time of the last heartbeat that landed before contact was lost. */
  private long lastLandedBeforeFence;
  /** The connection was closed for good: nothing resumes. */
  private boolean connectionClosed;
  /** Torn down: nothing more starts, a step of the start still in flight finds nothing to do. */
  private boolean ended;
  /** The check of heartbeats landing (degraded fencing, or the resync after a long silence), or -1 (torn down). */
  private long watchdog = -1;
  /**
   * Without degraded fencing: the heartbeats stopped landing for so long that the leader may have declared this session
   * dead, and the follower applies nothing until they land again and it read the record afresh.
   */
  private boolean resyncing;
  /** The election has started: the worker takes part (read from any thread for the state). */
  private volatile boolean electionStarted;
  /** An applied record counts this session in, or it runs partitions: it is past WAITING_ASSIGNMENT for good. */
  private volatile boolean hasAssignment;
  /** The version of the last record applied, 0 before the first (read from any thread). */
  private volatile long appliedVersion;

  /**
   * @param takeOver whether this session may take over an id held by its own instance id (a restart); false once
   *                 another live process was seen with the same instance id
   * @param previousId the id this process held in its last session, claimed first when it is free; or null
   */
  WorkerSession(Wiring wiring, PartitionSource source, AssignmentStrategy strategy, boolean takeOver, String previousId,
                Callbacks callbacks) {
    this.log = wiring.log().of(WorkerSession.class);
    this.wiring = wiring;
    this.scheduler = wiring.scheduler();
    this.options = wiring.options();
    this.source = source;
    this.strategy = strategy;
    this.callbacks = callbacks;
    this.previousId = previousId;
    this.session = wiring.newId();
    this.claim = new WorkerIdClaim(wiring, takeOver, session, this::otherIdOf, () -> callbacks.ended(session));
    this.runner = new PartitionRunner(wiring, this::inContact, p -> callbacks.drainTimedOut(p.partition().id(), p.epoch()));
  }

  /** The id other than {@code workerId} that {@code otherSession} holds, according to the assignment applied here, or null. */
  private String otherIdOf(String otherSession, String workerId) {
    AssignmentRecord record = follower == null ? null : follower.appliedRecord();
    return record == null ? null : record.otherIdOf(otherSession, workerId);
  }

  /** Claims an id and joins; a leave or an abort meanwhile stops it at the next step (a late claim is given back). */
  Future<Void> start() {
    return claim.claim(previousId).compose(id -> {
      workerId = id;
      callbacks.claimed(id);
      heartbeat = new HeartbeatPublisher(wiring, id, session, claim.claimRevision(), claim.supersededSession(),
          strategy.name());
      LeaderKeyView view = new LeaderKeyView();
      follower = new AssignmentFollower(wiring, runner, id, session, view, new AssignmentFollower.Listener() {
        @Override public void applied(AssignmentRecord record, List<String> added, List<String> removed) {
          WorkerSession.this.applied(record, added, removed);
        }
        @Override public void recordRemoved(long revision) {
          LeaderTerm current = term;
          if (current != null) {
            current.leader().recordRemoved(revision);
          }
        }
        @Override public void recordStored(AssignmentRecord record, long revision) {
          LeaderTerm current = term;
          if (current != null) {
            current.leader().recordStored(record, revision);
          }
        }
      });
      election = new LeaderElection(wiring, id, view, new LeaderElection.Listener() {
        @Override public void elected(long epoch) {
          lead(epoch);
        }
        @Override public void deposed() {
          abdicate();
        }
      });
      watchdog = scheduler.setPeriodic(Timings.watchdogMillis(options), options.isDegradedFencing() ? this::fence : this::resync);
      return heartbeat.start();
    }).compose(v -> {
      if (ended) {
        return Future.failedFuture(new IllegalStateException("the worker session ended while it started"));
      }
      electionStarted = true;
      callbacks.changed();
      return election.start();
    }).compose(v -> follower.start());
  }

  /** Whether this session holds its worker id now. */
  boolean holdsId() {
    return claim.holds();
  }

  /** Whether the id was lost to another live process with the same instance id. */
  boolean lostToTwin() {
    return claim.lostToTwin();
  }

  /** This claim of the worker id. */
  String sessionId() {
    return session;
  }

  boolean isLeader() {
    return term != null;
  }

  boolean electionStarted() {
    return electionStarted;
  }

  boolean hasAssignment() {
    return hasAssignment;
  }

  long appliedVersion() {
    return appliedVersion;
  }

  Set<Partition> partitions() {
    return runner.partitions();
  }

  WorkerState leaderPhase() {
    return term == null ? null : term.phase();
  }

  /**
   * The graceful leave: announce it, let the leader move every partition off through the hand-off, then
   * release everything. Gives up waiting after {@code timeout}.
   */
  Future<Void> leave(Duration timeout) {
    leaving = true;
    if (heartbeat == null || !wiring.env().connectivity().isConnected()) {
      // Without NATS nobody can take the partitions over in order: stop them now.
      return teardown(true);
    }
    long timer = scheduler.setTimer(timeout.toMillis(), () -> {
      if (left.tryComplete()) {
        log.warning(() -> "still owned partitions after the shutdown timeout; stopping them");
      }
    });
    heartbeat.leaving();
    checkLeft();
    return left.future().compose(v -> {
      scheduler.cancelTimer(timer);
      return teardown(true);
    });
  }

  /** The deployment failed (no first assignment in time, say): stop everything, then free the id at once. */
  Future<Void> giveUp() {
    return teardown(true);
  }

  /** The id was lost: stop everything at once, keep nothing. */
  Future<Void> abort() {
    claim.abandon();
    return teardown(false);
  }

  /**
   * Whether this worker's heartbeats land: the last one known to land was sent less than the fencing delay ago, so
   * no leader can have declared it dead yet.
   */
  private boolean inContact() {
    return heartbeat != null && scheduler.nanoTime() - heartbeat.lastLanded() < options.degradedFencingDelay().toNanos();
  }

  /**
   * With degraded fencing: pauses every partition once heartbeats have not landed for long enough that the
   * leader may soon declare this worker dead, and resumes from a fresh assignment once they land again.
   */
  private void fence() {
    long now = scheduler.nanoTime();
    long silent = now - heartbeat.lastLanded();
    if (ended) {
      return;
    }
    if (!fenced && silent > options.degradedFencingDelay().toNanos()) {
      lastLandedBeforeFence = heartbeat.lastLanded();
      pause("cannot reach NATS: pausing its partitions (degraded fencing)");
    } else if (fenced && !connectionClosed && silent < options.getHeartbeatInterval().toNanos()) {
      long outage = now - lastLandedBeforeFence;
      if (outage > Timings.minimumSilence(options).toNanos()) {
        // A leader may have declared this session dead, and the commit giving its partitions away may still be on
        // its way: resuming from the record stored now could run them alongside their new owners. A new session
        // runs only what is granted to it from here on.
        log.warning(() -> "was out of contact for " + outage / 1_000_000
            + " ms, long enough to have been declared dead: joining anew");
        callbacks.ended(session);
        return;
      }
      fenced = false;
      log.info(() -> "reaches NATS again: resuming from the current assignment");
      runner.resume();
      follower.resume();
      callbacks.fenced(false);
    }
  }

  /**
   * Without degraded fencing the partitions run on through a silence, but a silence longer than any leader waits before
   * declaring a worker dead ({@link Timings#minimumSilence}) may have given them away: records delivered late from
   * before that (a watch that lagged, a process that was paused) could start partitions that have moved on since. So
   * from then on the follower applies nothing, and once heartbeats land again it reads the record afresh and applies
   * the newest it knows.
   */
  private void resync() {
    if (ended || fenced || connectionClosed) {
      return;
    }
    long silent = scheduler.nanoTime() - heartbeat.lastLanded();
    long threshold = Timings.minimumSilence(options).toNanos();
    if (!resyncing && silent > threshold) {
      resyncing = true;
      follower.pause();
    } else if (resyncing && silent < threshold / 2) {
      resyncing = false;
      log.info(() -> "heartbeats land again after a silence a leader may have taken for a death: re-reading the assignment");
      follower.resume();
      claim.renewNow(); // its lease may have lapsed meanwhile: take it again, or learn it was taken, at once
    }
  }

  /**
   * The connection was closed for good: this worker can neither coordinate nor learn that its partitions
   * moved, so it stops them all and stays paused (redeploy the coordinator with a new connection).
   */
  void connectionClosed() {
    connectionClosed = true;
    if (!fenced) {
      pause("the NATS connection was closed; stopping its partitions for good");
    }
  }

  private void pause(String why) {
    fenced = true;
    log.warning(() -> why);
    if (follower != null) {
      follower.pause();
    }
    runner.pause();
    callbacks.fenced(true);
  }

  private Future<Void> teardown(boolean releaseId) {
    ended = true;
    scheduler.cancelTimer(watchdog);
    // Nothing may start from here on: a record arriving while the partitions stop must not start new ones.
    if (follower != null) {
      follower.pause();
    }
    Future<Void> stopped = runner.pause().eventually(() -> term == null ? Future.succeededFuture() : term.stop());
    List<Future<Void>> steps = new ArrayList<>();
    return stopped.compose(v -> {
      if (term != null) {
        term = null;
        callbacks.leadership(workerId, false);
      }
      if (election != null) {
        steps.add(election.stop());
        steps.add(follower.stop());
        steps.add(heartbeat.stop());
      }
      steps.add(releaseId ? claim.release() : Future.succeededFuture());
      return Future.join(steps).<Void>mapEmpty().otherwise((Void) null);
    });
  }

  private void applied(AssignmentRecord record, List<String> added, List<String> removed) {
    appliedVersion = record.version();
    hasAssignment = hasAssignment || (record.workers().contains(workerId) && record.grantsFor(workerId, session))
        || !runner.isEmpty();
    heartbeat.applied(record.version());
    callbacks.applied(record, runner.runningIds(), added, removed);
    checkLeft();
  }

  private void lead(long epoch) {
    if (ended) {
      election.resign();
      return;
    }
    LeaderSeat seat = new LeaderSeat(workerId, session, heartbeat::sentAt, follower::appliedVersion,
        follower::appliedRecord, strategy, epoch, election::leaseRevision,
        election::confirmLease, heartbeat::landingSince, heartbeat::outOfContact);
    LeaderTerm next = new LeaderTerm(wiring, source, seat, phase -> {
      callbacks.changed();
      checkLeft();
    });
    term = next;
    callbacks.leadership(workerId, true);
    next.start().onFailure(e -> {
      if (term != next) {
        return; // the term ended while it started (deposed, the session ended): a later term is not to resign
      }
      log.warning(() -> "could not start leading (" + e.getMessage() + "); resigning");
      election.resign();
    });
  }

  private void abdicate() {
    LeaderTerm ended = term;
    if (ended == null) {
      return;
    }
    term = null;
    ended.stop();
    callbacks.leadership(workerId, false);
  }

  /** While leaving: done once nothing runs here, nothing is assigned here, and (as leader) no hand-off is pending. */
  private void checkLeft() {
    if (!leaving || !runner.isEmpty()) {
      return;
    }
    boolean ownsNothing = follower == null || follower.appliedOwned().isEmpty();
    // A leaving leader stays until the hand-off it started is through, as the record applied here shows: its phase
    // can lag, since its own follower may apply a commit before the commit's answer reaches the leader. A leader
    // that left with partitions revoked but not granted would leave them to a successor that must wait for it to be
    // declared dead before it may grant them.
    boolean handOffDone = term == null || (term.phase() == null && !follower.appliedHandOffPending());
    if (ownsNothing && handOffDone) {
      left.tryComplete();
    }
  }
}
