package io.parti.vertx.impl;

import io.parti.vertx.Partition;
import io.parti.vertx.PartiOptions;
import io.parti.vertx.PartitionVerticleFactory;
import io.parti.vertx.WorkerState;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.parti.vertx.source.PartitionSource;
import io.parti.vertx.strategy.AssignmentStrategy;
import io.nats.client.Connection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything that lives as long as one claimed worker id: the id lease, the heartbeat, the partitions and
 * the assignment follower, the election and, while elected, the leader term.
 */
final class WorkerSession {

  private static final System.Logger LOG = System.getLogger(WorkerSession.class.getName());

  /** What the session tells its coordinator; called on the coordinator's context. */
  interface Callbacks {
    void claimed(String workerId);

    void changed();

    void applied(AssignmentRecord record, Collection<String> running, List<String> added, List<String> removed);

    void leadership(String workerId, boolean leader);

    void idLost();

    void drainTimedOut(String partition, long epoch);

    void fenced(boolean paused);
  }

  private final Vertx vertx;
  private final Context context;
  private final Connection connection;
  private final PartiOptions options;
  private final PartiCoordinatorImpl.Buckets buckets;
  private final PartitionSource source;
  private final AssignmentStrategy strategy;
  private final PartiMetrics metrics;
  private final String instance;
  private final Callbacks callbacks;
  private final WorkerIdClaim claim;
  private final PartitionRunner runner;
  private final Promise<Void> left = Promise.promise();
  /** This claim of the worker id: grants made to an earlier holder of the same id are not run here. */
  private final String session = UUID.randomUUID().toString();
  private String workerId;
  private HeartbeatPublisher heartbeat;
  private AssignmentFollower follower;
  private LeaderElection election;
  private LeaderTerm term;
  private boolean leaving;
  private boolean fenced;
  private boolean closed;
  private long watchdog = -1;
  private volatile boolean electionStarted;
  private volatile boolean hasAssignment;
  private volatile long appliedVersion;

  WorkerSession(Vertx vertx, Context context, Connection connection, PartiOptions options, PartiCoordinatorImpl.Buckets buckets,
                PartitionSource source, AssignmentStrategy strategy, PartitionVerticleFactory factory, PartiMetrics metrics,
                String instance, Callbacks callbacks) {
    this.vertx = vertx;
    this.context = context;
    this.connection = connection;
    this.options = options;
    this.buckets = buckets;
    this.source = source;
    this.strategy = strategy;
    this.metrics = metrics;
    this.instance = instance;
    this.callbacks = callbacks;
    this.claim = new WorkerIdClaim(vertx, buckets.ids(), options, instance, callbacks::idLost);
    this.runner = new PartitionRunner(vertx, factory, options.getDrainTimeout(), metrics,
        p -> callbacks.drainTimedOut(p.partition().id(), p.epoch()));
  }

  Future<Void> start() {
    return claim.claim().compose(id -> {
      workerId = id;
      callbacks.claimed(id);
      heartbeat = new HeartbeatPublisher(vertx, buckets.heartbeats(), id, instance, session, options.getHeartbeatInterval());
      follower = new AssignmentFollower(vertx, context, buckets.assignments(), options, runner, metrics, id, session, this::applied);
      election = new LeaderElection(vertx, context, buckets.leader(), options, id, instance, new LeaderElection.Listener() {
        @Override public void elected(long epoch) {
          lead(epoch);
        }
        @Override public void deposed() {
          abdicate();
        }
      });
      watchdog = vertx.setPeriodic(Math.max(20, options.getHeartbeatInterval().toMillis() / 4), t -> watchHeartbeats());
      return heartbeat.start();
    }).compose(v -> {
      electionStarted = true;
      callbacks.changed();
      return election.start();
    }).compose(v -> follower.start());
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

  void connectivity(boolean connected) {
    if (term != null) {
      term.connectivity(connected);
    }
  }

  /**
   * The graceful leave: announce it, let the leader move every partition off through the hand-off, then
   * release everything. Gives up waiting after {@code timeout}.
   */
  Future<Void> leave(Duration timeout) {
    leaving = true;
    if (heartbeat == null || connection.getStatus() != Connection.Status.CONNECTED) {
      // Without NATS nobody can take the partitions over in order: stop them now.
      return teardown(true);
    }
    long timer = vertx.setTimer(timeout.toMillis(), t -> {
      if (left.tryComplete()) {
        LOG.log(System.Logger.Level.WARNING, workerId + " still owned partitions after the shutdown timeout; stopping them");
      }
    });
    heartbeat.leaving();
    checkLeft();
    return left.future().compose(v -> {
      vertx.cancelTimer(timer);
      return teardown(true);
    });
  }

  /** The id was lost: stop everything at once, keep nothing. */
  Future<Void> abort() {
    claim.abandon();
    return teardown(false);
  }

  /** Whether this worker's heartbeats land tells the leader whether silence means anything, and drives fencing. */
  private void watchHeartbeats() {
    long silent = System.nanoTime() - heartbeat.lastLanded();
    if (term != null) {
      term.kvHealthy(silent < options.getHeartbeatTtl().toNanos());
    }
    if (options.isDegradedFencing()) {
      fence(silent);
    }
  }

  /**
   * With degraded fencing: pauses every partition once heartbeats have not landed for long enough that the
   * leader may soon declare this worker dead, and resumes from a fresh assignment once they land again.
   */
  private void fence(long silent) {
    if (!fenced && silent > options.degradedFencingDelay().toNanos()) {
      pause(workerId + " cannot reach NATS: pausing its partitions (degraded fencing)");
    } else if (fenced && !closed && silent < options.getHeartbeatInterval().toNanos()) {
      fenced = false;
      LOG.log(System.Logger.Level.INFO, workerId + " reaches NATS again: resuming from the current assignment");
      runner.resume();
      follower.resume();
      callbacks.fenced(false);
    }
  }

  /**
   * The connection was closed for good: this worker can neither coordinate nor learn that its partitions
   * moved, so it stops them all and stays paused (redeploy the coordinator with a new connection).
   */
  void connectionClosed() {
    closed = true;
    if (!fenced) {
      pause(workerId + ": the NATS connection was closed; stopping its partitions for good");
    }
  }

  private void pause(String why) {
    fenced = true;
    LOG.log(System.Logger.Level.WARNING, why);
    if (follower != null) {
      follower.pause();
    }
    runner.pause();
    callbacks.fenced(true);
  }

  private Future<Void> teardown(boolean releaseId) {
    vertx.cancelTimer(watchdog);
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
      if (releaseId) {
        steps.add(claim.release());
      }
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
    LeaderTerm next = new LeaderTerm(vertx, context, connection, options, buckets.heartbeats(), buckets.assignments(),
        source, strategy, metrics, workerId, epoch, follower::appliedVersion, phase -> {
          callbacks.changed();
          checkLeft();
        }, election::resign);
    term = next;
    callbacks.leadership(workerId, true);
    next.start().onFailure(e -> {
      LOG.log(System.Logger.Level.WARNING, workerId + " could not start leading (" + e.getMessage() + "); resigning");
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
    if (ownsNothing && (term == null || term.phase() == null)) {
      left.tryComplete();
    }
  }
}
